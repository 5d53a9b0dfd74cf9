module.exports.format = (value) => String(value);

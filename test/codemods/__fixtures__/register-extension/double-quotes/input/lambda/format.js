export const format = (value) => JSON.stringify(value)

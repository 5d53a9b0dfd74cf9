export const toResponse = (body: unknown) => ({ statusCode: 200, body: JSON.stringify(body) });

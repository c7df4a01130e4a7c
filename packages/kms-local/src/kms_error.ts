/** An error answered to the client in the AWS JSON shape: `{"__type": name, "message": …}`. */
export class KmsError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

export const notFound = (what: string): KmsError => new KmsError('NotFoundException', `${what} is not found.`);
export const validation = (message: string): KmsError => new KmsError('ValidationException', message);

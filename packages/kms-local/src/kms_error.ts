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

/** The smallest application: encrypt and decrypt with a raw AES key, as the size budget counts it. */
import { RawAesKeyring, decrypt, encrypt } from '@envelope/client';

const keyring = new RawAesKeyring({ keyNamespace: 'app', keyName: 'key', wrappingKey: crypto.getRandomValues(new Uint8Array(32)) });
const { ciphertext } = await encrypt(keyring, 'hello');
const { plaintext } = await decrypt(keyring, ciphertext);
document.body.textContent = new TextDecoder().decode(plaintext);

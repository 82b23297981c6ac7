/**
 * Functions whose result changes from one render to the next (random text, UUIDs, keys and
 * certificates, the clock). They return stable placeholders of the right shape, so a render is
 * reproducible; differential tests leave out what they print (`changingFunctions`).
 */
import { GoFunction, GoStruct, UnsupportedFunction, Value } from '../value';
import { goFunction, utf8Encode } from './goValues';

/** Names of the functions whose output differs between two renders of the same chart. */
export const changingFunctions: ReadonlySet<string> = new Set([
  'randAlphaNum', 'randAlpha', 'randNumeric', 'randAscii', 'randBytes', 'randInt', 'shuffle', 'uuidv4',
  // The clock: `now` and `ago` always; the others read it when not given a time (`date` of a
  // float, `durationRound` of a time). `toDate`, `duration` and `dateModify` never do.
  'now', 'ago', 'date', 'dateInZone', 'date_in_zone', 'htmlDate', 'htmlDateInZone', 'durationRound',
  'genCA', 'genCAWithKey', 'genPrivateKey', 'genSelfSignedCert', 'genSelfSignedCertWithKey', 'genSignedCert', 'genSignedCertWithKey', 'buildCustomCert', 'bcrypt', 'htpasswd', 'encryptAES',
  'getHostByName',
  // Go's map iteration order is random, so these lists come in a different order each render.
  'keys', 'values',
]);

/** `n` characters cycling through the alphabet: the right length and characters, the same every time. */
function placeholder(alphabet: string, n: number): string {
  let out = '';
  for (let i = 0; i < n; i++) out += alphabet[i % alphabet.length];
  return out;
}

/** base64 of n zero bytes: the length and padding of Sprig's randBytes, the same every time. */
function zeroBytesBase64(n: number): string {
  if (n < 0) throw new UnsupportedFunction('randBytes of a negative count is not supported');
  return 'A'.repeat(Math.ceil((n * 4) / 3)) + '='.repeat((3 - (n % 3)) % 3);
}

/** A bcrypt hash of cost 10 (Go's DefaultCost): `$2a$10$` and 53 characters of bcrypt's base64. */
function bcryptPlaceholder(password: string): string {
  if (utf8Encode(password).length > 72) return 'failed to encrypt string with bcrypt: bcrypt: password length exceeds 72 bytes';
  return `$2a$10$${placeholder('./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', 53)}`;
}

/** Sprig's encryptAES output shape: base64 of a 16-byte IV and the text padded (PKCS #7) to 16-byte blocks. */
function encryptedPlaceholder(text: string): string {
  if (text === '') return '';
  const length = utf8Encode(text).length;
  return zeroBytesBase64(16 + length + (16 - (length % 16)));
}

const letters = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
const digits = '0123456789';
const pem = (kind: string) => `-----BEGIN ${kind}-----\nUExBQ0VIT0xERVI=\n-----END ${kind}-----\n`;
const certificate = () => new GoStruct('sprig.certificate', new Map<string, Value>([['Cert', pem('CERTIFICATE')], ['Key', pem('RSA PRIVATE KEY')]]));

const I = 'interface {}';
export const placeholderFunctions: ReadonlyMap<string, GoFunction> = new Map<string, GoFunction>([
  ['randAlphaNum', goFunction(['int'], ([n]) => placeholder(letters + digits, Number(n)), { result: 'string' })],
  ['randAlpha', goFunction(['int'], ([n]) => placeholder(letters, Number(n)), { result: 'string' })],
  ['randNumeric', goFunction(['int'], ([n]) => placeholder(digits, Number(n)), { result: 'string' })],
  ['randAscii', goFunction(['int'], ([n]) => placeholder('!"#$%&\'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~', Number(n)), { result: 'string' })],
  ['randInt', goFunction(['int', 'int'], ([min]) => min, { result: 'int' })],
  ['randBytes', goFunction(['int'], ([n]) => zeroBytesBase64(Number(n)), { result: 'string' })],
  ['bcrypt', goFunction(['string'], ([p]) => bcryptPlaceholder(p as string), { result: 'string' })],
  ['htpasswd', goFunction(['string', 'string'], ([u, p]) => ((u as string).includes(':') ? `invalid username: ${u as string}` : `${u as string}:${bcryptPlaceholder(p as string)}`), { result: 'string' })],
  ['encryptAES', goFunction(['string', 'string'], ([, text]) => encryptedPlaceholder(text as string), { result: 'string' })],
  ['uuidv4', goFunction([], () => '00000000-0000-4000-8000-000000000000', { result: 'string' })],
  ['genPrivateKey', goFunction(['string'], () => pem('RSA PRIVATE KEY'), { result: 'string' })],
  ['genCA', goFunction(['string', 'int'], () => certificate(), { result: 'sprig.certificate' })],
  ['genSelfSignedCert', goFunction(['string', '[]interface {}', '[]interface {}', 'int'], () => certificate(), { result: 'sprig.certificate' })],
  ['genSignedCert', goFunction(['string', '[]interface {}', '[]interface {}', 'int', I], () => certificate(), { result: 'sprig.certificate' })],
  ['shuffle', goFunction(['string'], ([s]) => s, { result: 'string' })],
  ['getHostByName', goFunction(['string'], () => '', { result: 'string' })],
]);

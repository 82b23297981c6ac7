/**
 * Sprig's `urlParse` and `urlJoin` over Go's net/url: parsing splits scheme, userinfo, host,
 * path, query and fragment (percent-decoding the path, userinfo and fragment); joining escapes
 * each part as URL.String() does. A text Go cannot parse reports itself unsupported.
 */
import { GoFunction, GoMap, UnsupportedFunction, Value } from '../value';
import { goFunction, utf8Decode, utf8Encode } from './goValues';

type Mode = 'path' | 'host' | 'userPassword' | 'fragment';

function shouldEscape(c: string, mode: Mode): boolean {
  if (/[A-Za-z0-9]/.test(c)) return false;
  if (mode === 'host' && `!$&'()*+,;=:[]<>"`.includes(c)) return false;
  if ('-_.~'.includes(c)) return false;
  if ('$&+,/:;=?@'.includes(c)) {
    if (mode === 'path') return c === '?';
    if (mode === 'userPassword') return c === '@' || c === '/' || c === '?' || c === ':';
    return false; // fragment
  }
  if (mode === 'fragment' && '!()*'.includes(c)) return false;
  return true;
}

function escape(text: string, mode: Mode): string {
  let out = '';
  for (const byte of utf8Encode(text)) {
    const c = String.fromCharCode(byte);
    out += byte < 0x80 && !shouldEscape(c, mode) ? c : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

function unescape(text: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; ) {
    if (text[i] === '%') {
      const hex = text.slice(i + 1, i + 3);
      if (!/^[0-9a-fA-F]{2}$/.test(hex)) throw new UnsupportedFunction('urlParse of a URL with a bad % escape is not supported');
      bytes.push(parseInt(hex, 16));
      i += 3;
    } else {
      bytes.push(...utf8Encode(text[i]));
      i++;
    }
  }
  return utf8Decode(bytes);
}

interface Url {
  scheme: string;
  opaque: string;
  user?: { username: string; password?: string };
  host: string;
  path: string;
  rawQuery: string;
  fragment: string;
}

/** url.Parse for the URLs charts write; anything unusual (control characters, bad scheme or host) is unsupported. */
function parseUrl(raw: string): Url {
  if (/[\x00-\x1f\x7f ]/.test(raw) && /[\x00-\x1f\x7f]/.test(raw)) throw new UnsupportedFunction('urlParse of a URL with control characters is not supported');
  const hash = raw.indexOf('#');
  const fragment = hash >= 0 ? unescape(raw.slice(hash + 1)) : '';
  let rest = hash >= 0 ? raw.slice(0, hash) : raw;
  const url: Url = { scheme: '', opaque: '', host: '', path: '', rawQuery: '', fragment };
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(rest);
  if (scheme) {
    url.scheme = scheme[1].toLowerCase();
    rest = rest.slice(scheme[0].length);
  } else if (/^[^/?]*:/.test(rest) && !/^[A-Za-z]/.test(rest)) throw new UnsupportedFunction('urlParse of a URL Go rejects is not supported');
  const question = rest.indexOf('?');
  if (question >= 0) {
    url.rawQuery = rest.slice(question + 1);
    rest = rest.slice(0, question);
  }
  if (!rest.startsWith('/') && url.scheme !== '') {
    url.opaque = rest;
    return url;
  }
  if (rest.startsWith('//')) {
    const slash = rest.indexOf('/', 2);
    const authority = slash >= 0 ? rest.slice(2, slash) : rest.slice(2);
    rest = slash >= 0 ? rest.slice(slash) : '';
    const at = authority.lastIndexOf('@');
    const host = at >= 0 ? authority.slice(at + 1) : authority;
    if (/[^A-Za-z0-9\-._~!$&'()*+,;=:[\]%]/.test(host)) throw new UnsupportedFunction('urlParse of a URL with an unusual host is not supported');
    url.host = unescape(host);
    if (at >= 0) {
      const userinfo = authority.slice(0, at);
      const colon = userinfo.indexOf(':');
      url.user = colon >= 0 ? { username: unescape(userinfo.slice(0, colon)), password: unescape(userinfo.slice(colon + 1)) } : { username: unescape(userinfo) };
    }
  }
  url.path = unescape(rest);
  return url;
}

function userString(user: Url['user']): string {
  if (!user) return '';
  return escape(user.username, 'userPassword') + (user.password !== undefined ? `:${escape(user.password, 'userPassword')}` : '');
}

/** URL.String() for a URL built from parts (no RawPath, RawFragment or OmitHost). */
function urlString(u: Url): string {
  let out = u.scheme ? `${u.scheme}:` : '';
  if (u.opaque) out += u.opaque;
  else {
    if (u.scheme || u.host || u.user) {
      if (u.host || u.path || u.user) out += '//';
      if (u.user) out += `${userString(u.user)}@`;
      if (u.host) out += escape(u.host, 'host');
    }
    const path = escape(u.path, 'path');
    if (path !== '' && path[0] !== '/' && u.host !== '') out += '/';
    if (out === '') {
      const segment = path.split('/')[0];
      if (segment.includes(':')) out += './';
    }
    out += path;
  }
  if (u.rawQuery) out += `?${u.rawQuery}`;
  if (u.fragment) out += `#${escape(u.fragment, 'fragment')}`;
  return out;
}

function hostname(host: string): string {
  if (host.startsWith('[')) {
    const end = host.indexOf(']');
    return end >= 0 ? host.slice(1, end) : host.slice(1);
  }
  const colon = host.lastIndexOf(':');
  return colon >= 0 && /^:[0-9]*$/.test(host.slice(colon)) ? host.slice(0, colon) : host;
}

const part = (d: GoMap, key: string): string => {
  const v = d.get(key);
  return typeof v === 'string' ? v : '';
};

export const urlFunctions: ReadonlyMap<string, GoFunction> = new Map<string, GoFunction>([
  ['urlParse', goFunction(['string'], ([raw]) => {
    const u = parseUrl(raw as string);
    return new Map<string, Value>([
      ['scheme', u.scheme], ['host', u.host], ['hostname', hostname(u.host)], ['path', u.path], ['query', u.rawQuery], ['opaque', u.opaque], ['fragment', u.fragment], ['userinfo', userString(u.user)],
    ]);
  }, { result: 'map[string]interface {}' })],
  ['urlJoin', goFunction(['map[string]interface {}'], ([d]) => {
    const m = d as GoMap;
    const userinfo = part(m, 'userinfo');
    const user = userinfo ? parseUrl(`proto://${userinfo}@host`).user : undefined;
    return urlString({ scheme: part(m, 'scheme'), host: part(m, 'host'), path: part(m, 'path'), rawQuery: part(m, 'query'), opaque: part(m, 'opaque'), fragment: part(m, 'fragment'), user });
  }, { result: 'string' })],
]);

/**
 * Credentials written as plain values end up in the Sensor spec, committed to the GitOps
 * repository and readable by anyone who can read Sensors. The HTTP trigger can read a header from
 * a Secret (`secretHeaders`), so a credential in `headers` or in a constant of `payload` or `env` is
 * refused, with a pointer to the Secret-based alternative.
 */

// Words of a header or field name that mean the value is a credential.
const CREDENTIAL_WORDS = new Set([
  'authorization', 'auth', 'token', 'secret', 'password', 'passwd', 'pwd', 'cookie', 'credential',
  'credentials', 'apikey', 'signature', 'bearer', 'privatekey', 'accesskey', 'secretkey',
]);
// `<something>-Key` is a credential (X-Api-Key, Fastly-Key, Private-Key) except these.
const NON_CREDENTIAL_KEYS = new Set(['idempotency-key', 'sec-websocket-key', 'cache-key', 'partition-key']);

// Values that are credentials whatever they are called.
const CREDENTIAL_VALUES: Array<[RegExp, string]> = [
  [/^\s*(bearer|basic|token|bot|digest|negotiate|apikey)\s+\S{4,}/i, 'an Authorization scheme with its credentials'],
  [/\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\./, 'a JSON Web Token'],
  [/\b(ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{20,}/, 'a GitHub token'],
  [/\bgithub_pat_[A-Za-z0-9_]{20,}/, 'a GitHub token'],
  [/\bglpat-[A-Za-z0-9_-]{20,}/, 'a GitLab token'],
  [/\bxox[abposr]-[A-Za-z0-9-]{10,}/, 'a Slack token'],
  [/\b(sk|rk)_(live|test)_[A-Za-z0-9]{16,}/, 'a Stripe key'],
  [/\bAKIA[0-9A-Z]{16}\b/, 'an AWS access key id'],
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----/, 'a private key'],
];

/** Words of a name: `X-Api-Key` → x, api, key; `clientSecret` → client, secret; `API_TOKEN` → api, token. */
function wordsOf(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter((w) => w !== '')
    .map((w) => w.toLowerCase());
}

/** Why a name says its value is a credential, or undefined. */
export function credentialName(name: string): string | undefined {
  const words = wordsOf(name);
  const joined = words.join('');
  if (words.some((w) => CREDENTIAL_WORDS.has(w)) || ['apikey', 'accesskey', 'secretkey', 'privatekey'].some((w) => joined.includes(w))) {
    return `its name "${name}" says it holds a credential`;
  }
  if (words.length > 1 && words[words.length - 1] === 'key' && !NON_CREDENTIAL_KEYS.has(words.join('-'))) {
    return `its name "${name}" says it holds a key`;
  }
  return undefined;
}

/** What kind of credential a value looks like, or undefined. */
export function credentialValue(value: string): string | undefined {
  return CREDENTIAL_VALUES.find(([pattern]) => pattern.test(value))?.[1];
}

/**
 * The value in an error message without the credential itself (error output ends up in CI logs):
 * the Authorization scheme, or the first characters.
 */
export function redacted(value: string): string {
  const scheme = /^\s*([A-Za-z]+)\s+\S/.exec(value);
  if (scheme !== null && /^(bearer|basic|token|bot|digest|negotiate|apikey)$/i.test(scheme[1])) {
    return `"${scheme[1]} …"`;
  }
  return value.length <= 6 ? '"…"' : `"${value.slice(0, 4)}…"`;
}

/** Refuses a static HTTP header that carries a credential. */
export function checkPlainHeader(where: string, name: string, value: string): void {
  const why = credentialName(name) ?? (credentialValue(value) ? `its value looks like ${credentialValue(value)}` : undefined);
  if (why !== undefined) {
    throw new Error(`${where}: headers["${name}"] ${redacted(value)} is a credential in plain text (${why}), which would be committed in the Sensor; store the value in a Secret in the hub's namespace and pass it with secretHeaders: [{ name: '${name}', secret, key }] (a Secret holds the whole header value, e.g. "Bearer <token>")`);
  }
}

/** Refuses a constant in an HTTP payload that carries a credential. */
export function checkPlainPayload(where: string, dest: string, constant: string | undefined): void {
  if (constant === undefined || constant === '') {
    return;
  }
  const why = credentialName(dest) ?? (credentialValue(constant) ? `its value looks like ${credentialValue(constant)}` : undefined);
  if (why !== undefined) {
    throw new Error(`${where}: payload["${dest}"] ${redacted(constant)} is a credential in plain text (${why}), which would be committed in the Sensor; Argo Events cannot read payload values from a Secret, so send the credential as a header with secretHeaders: [{ name: 'Authorization', secret, key }] and leave it out of the body`);
  }
}

/** Refuses a constant Job environment variable that carries a credential. */
export function checkPlainEnv(where: string, name: string, constant: string | undefined): void {
  if (constant === undefined || constant === '') {
    return;
  }
  const why = credentialName(name) ?? (credentialValue(constant) ? `its value looks like ${credentialValue(constant)}` : undefined);
  if (why !== undefined) {
    throw new Error(`${where}: env["${name}"] ${redacted(constant)} is a credential in plain text (${why}), which would be committed in the Sensor; set it on the Job itself from a Secret instead (cdk8s-plus: env: { ${name}: EnvValue.fromSecretValue({ secret, key }) })`);
  }
}

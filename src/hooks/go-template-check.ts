/**
 * A structural check of the Go templates (text/template with the sprig functions) that Argo Events
 * renders at run time: Slack messages and data filter templates. When such a template does not
 * parse, Argo Events falls back silently (a Slack message is posted as the raw template text; a
 * data filter fails), so the mistakes a parser catches are caught here, at synthesis: unbalanced
 * `{{ }}`, unclosed strings and parentheses, `if`/`range`/`with` without `end` (or the reverse),
 * `else`/`break` out of place, functions that neither Go nor sprig define, and field references
 * that cannot resolve against the data Argo Events passes.
 */

const GO_BUILTINS = 'and call html index slice js len not or print printf println urlquery eq ge gt le lt ne';
// The function map of sprig v3 (`sprig.FuncMap()`), which Argo Events passes to every template.
const SPRIG = `abbrev abbrevboth add add1 add1f addf adler32sum ago all any append atoi b32dec b32enc b64dec
b64enc base bcrypt biggest buildCustomCert camelcase cat ceil chunk clean coalesce compact concat contains
date dateInZone dateModify date_in_zone date_modify decryptAES deepCopy deepEqual default derivePassword dict
dig dir div divf duration durationRound empty encryptAES env expandenv ext fail first float64 floor fromJson
genCA genCAWithKey genPrivateKey genSelfSignedCert genSelfSignedCertWithKey genSignedCert genSignedCertWithKey
get getHostByName has hasKey hasPrefix hasSuffix hello htmlDate htmlDateInZone htpasswd indent initial
initials int int64 isAbs join kebabcase keys kindIs kindOf last list lower max maxf merge mergeOverwrite min
minf mod mul mulf mustAppend mustChunk mustCompact mustDateModify mustDeepCopy mustFirst mustFromJson mustHas
mustInitial mustLast mustMerge mustMergeOverwrite mustPrepend mustPush mustRegexFind mustRegexFindAll
mustRegexMatch mustRegexReplaceAll mustRegexReplaceAllLiteral mustRegexSplit mustRest mustReverse mustSlice
mustToDate mustToJson mustToPrettyJson mustToRawJson mustUniq mustWithout must_date_modify nindent nospace
now omit osBase osClean osDir osExt osIsAbs pick pluck plural prepend push quote randAlpha randAlphaNum
randAscii randBytes randInt randNumeric regexFind regexFindAll regexMatch regexQuoteMeta regexReplaceAll
regexReplaceAllLiteral regexSplit repeat replace rest reverse round semver semverCompare seq set sha1sum
sha256sum shuffle slice snakecase sortAlpha split splitList splitn squote sub subf substr swapcase ternary
title toDate toDecimal toJson toPrettyJson toRawJson toString toStrings trim trimAll trimPrefix trimSuffix
trimall trunc tuple typeIs typeIsLike typeOf uniq unixEpoch unset until untilStep untitle upper urlJoin
urlParse uuidv4 values without wrap wrapWith`;

/** Every function a template run by Argo Events may call. */
export const TEMPLATE_FUNCTIONS: ReadonlySet<string> = new Set(`${GO_BUILTINS} ${SPRIG}`.split(/\s+/));

const BLOCK_KEYWORDS = new Set(['if', 'range', 'with', 'define', 'block']);

/** What the template is rendered on. */
export enum TemplateData {
  /** The event, as `.Input` (trigger parameters: `{{ .Input.body.metadata.name }}`). */
  EVENT = 'event',
  /** One value as a string, as `.Input` (data filter templates: `{{ .Input | upper }}`). */
  VALUE = 'value',
}

interface Token {
  readonly kind: 'field' | 'variable' | 'identifier' | 'string' | 'number' | 'open' | 'close' | 'pipe' | 'assign' | 'comma' | 'dot';
  readonly text: string;
}

/** Why `text` is not a template Argo Events can parse and resolve, or undefined when it is. */
export function goTemplateProblem(text: string, data: TemplateData): string | undefined {
  const blocks: string[] = [];
  let pos = 0;
  while (true) {
    const open = text.indexOf('{{', pos);
    if (open < 0) {
      break;
    }
    let start = open + 2;
    if (text.startsWith('- ', start) || text.startsWith('-\t', start) || text.startsWith('-\n', start)) {
      start += 1;
    }
    if (text.startsWith('/*', skipSpace(text, start))) {
      const close = text.indexOf('*/', skipSpace(text, start) + 2);
      const end = close < 0 ? -1 : text.indexOf('}}', close + 2);
      if (close < 0 || end < 0 || text.slice(close + 2, end).replace(/-?\s*$/, '').trim() !== '') {
        return `the comment at ${JSON.stringify(text.slice(open, open + 12))} is not closed with "*/}}"`;
      }
      pos = end + 2;
      continue;
    }
    const lexed = lexAction(text, start);
    if (typeof lexed === 'string') {
      return `${lexed} in the action starting ${JSON.stringify(text.slice(open, open + 24))}`;
    }
    pos = lexed.end;
    const problem = checkAction(lexed.tokens, blocks, data);
    if (problem !== undefined) {
      return `${problem} (in ${JSON.stringify(text.slice(open, lexed.end))})`;
    }
  }
  if (blocks.length > 0) {
    return `{{ ${blocks[blocks.length - 1]} }} has no matching {{ end }}`;
  }
  return undefined;
}

function skipSpace(text: string, i: number): number {
  while (i < text.length && /\s/.test(text[i])) {
    i++;
  }
  return i;
}

/** The tokens of one action, up to its `}}`, or why it cannot be read. */
function lexAction(text: string, start: number): { tokens: Token[]; end: number } | string {
  const tokens: Token[] = [];
  let i = start;
  while (i < text.length) {
    const c = text[i];
    if (text.startsWith('}}', i)) {
      return { tokens, end: i + 2 };
    }
    if (c === '-' && text.startsWith('}}', i + 1) && /\s/.test(text[i - 1] ?? '')) {
      return { tokens, end: i + 3 };
    }
    if (/\s/.test(c)) {
      i++;
    } else if (c === '"' || c === '`' || c === '\'') {
      let j = i + 1;
      while (j < text.length && text[j] !== c) {
        if (c !== '`' && text[j] === '\\') {
          j++;
        }
        if (c !== '`' && text[j] === '\n') {
          return 'a string runs to the end of the line';
        }
        j++;
      }
      if (j >= text.length) {
        return 'a string is not closed';
      }
      tokens.push({ kind: 'string', text: text.slice(i, j + 1) });
      i = j + 1;
    } else if (c === '(' || c === ')') {
      tokens.push({ kind: c === '(' ? 'open' : 'close', text: c });
      i++;
    } else if (c === '|' || c === ',') {
      tokens.push({ kind: c === '|' ? 'pipe' : 'comma', text: c });
      i++;
    } else if (c === ':' && text[i + 1] === '=') {
      tokens.push({ kind: 'assign', text: ':=' });
      i += 2;
    } else if (c === '=') {
      tokens.push({ kind: 'assign', text: '=' });
      i++;
    } else if (c === '.' || c === '$') {
      const match = /^(\$[A-Za-z0-9_]*)?(\.[A-Za-z_][A-Za-z0-9_]*)*\.?/.exec(text.slice(i))![0];
      if (match === '.') {
        tokens.push({ kind: 'dot', text: '.' });
      } else {
        tokens.push({ kind: c === '$' ? 'variable' : 'field', text: match });
      }
      i += match.length;
    } else if (/[0-9+-]/.test(c)) {
      const match = /^[+-]?[0-9][0-9a-fA-FxXoObB_.eEpP+-]*/.exec(text.slice(i));
      if (match === null) {
        return `"${c}" is not valid here`;
      }
      tokens.push({ kind: 'number', text: match[0] });
      i += match[0].length;
    } else if (/[A-Za-z_]/.test(c)) {
      const match = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i))![0];
      tokens.push({ kind: 'identifier', text: match });
      i += match.length;
      // A field chain may follow a parenthesis or identifier directly: `(index .a 0).b`.
    } else if (c === '}') {
      return 'the action is not closed with "}}" (a single "}" ends nothing)';
    } else {
      return `"${c}" is not valid in an action`;
    }
  }
  return 'the action is not closed with "}}"';
}

/** Checks one action against the open blocks (which it updates). */
function checkAction(tokens: Token[], blocks: string[], data: TemplateData): string | undefined {
  if (tokens.length === 0) {
    return 'the action is empty';
  }
  const first = tokens[0].text;
  // Inside range, with, define and block, "." is something else than the data.
  const dotIsData = !blocks.some((b) => b !== 'if');
  let rest = tokens;
  if (tokens[0].kind === 'identifier') {
    if (BLOCK_KEYWORDS.has(first)) {
      if (tokens.length === 1) {
        return `{{ ${first} }} needs a ${first === 'define' || first === 'block' ? 'name' : 'pipeline'}`;
      }
      blocks.push(first);
      rest = tokens.slice(1);
    } else if (first === 'else') {
      const top = blocks[blocks.length - 1];
      if (top !== 'if' && top !== 'range' && top !== 'with') {
        return '{{ else }} is outside any if, range or with';
      }
      rest = tokens.slice(1);
      if (rest.length > 0 && (rest[0].text === 'if' || rest[0].text === 'with') && rest[0].kind === 'identifier') {
        rest = rest.slice(1);
      }
    } else if (first === 'end') {
      if (tokens.length > 1) {
        return '{{ end }} takes nothing after it';
      }
      if (blocks.pop() === undefined) {
        return '{{ end }} closes nothing';
      }
      return undefined;
    } else if (first === 'break' || first === 'continue') {
      if (!blocks.includes('range')) {
        return `{{ ${first} }} is outside any range`;
      }
      return tokens.length > 1 ? `{{ ${first} }} takes nothing after it` : undefined;
    } else if (first === 'template') {
      rest = tokens.slice(1);
    }
  }
  let depth = 0;
  for (let i = 0; i < rest.length; i++) {
    const t = rest[i];
    if (t.kind === 'open') {
      depth++;
    } else if (t.kind === 'close') {
      depth--;
      if (depth < 0) {
        return 'a ")" has no matching "("';
      }
    } else if (t.kind === 'identifier' && !['true', 'false', 'nil', 'if', 'with'].includes(t.text) && !TEMPLATE_FUNCTIONS.has(t.text)) {
      return `function "${t.text}" is not defined (neither a Go template builtin nor a sprig function)`;
    } else if ((t.kind === 'field' || (t.kind === 'variable' && t.text.startsWith('$.'))) && (dotIsData || t.kind === 'variable')) {
      const chain = t.text.startsWith('$') ? t.text.slice(1) : t.text;
      const problem = fieldProblem(chain, data);
      if (problem !== undefined && rest[i - 1]?.kind !== 'close') {
        return problem;
      }
    }
  }
  if (depth > 0) {
    return 'a "(" is not closed';
  }
  return undefined;
}

function fieldProblem(chain: string, data: TemplateData): string | undefined {
  const keys = chain.split('.').filter((k) => k !== '');
  if (keys[0] !== 'Input') {
    const fixed = data === TemplateData.EVENT ? `.Input${chain}` : '.Input';
    return `"${chain}" reads a field of the template data, which only has ".Input" (Argo Events renders "<no value>" for it); write "${fixed}"`;
  }
  if (data === TemplateData.VALUE && keys.length > 1) {
    return `"${chain}" reads into ".Input", which is the filtered value as a string here; use ".Input" itself`;
  }
  return undefined;
}

/** Throws when `text` (a property of the construct at `where`) does not parse or resolve. */
export function checkTemplate(where: string, property: string, text: string, data: TemplateData): void {
  const problem = goTemplateProblem(text, data);
  if (problem !== undefined) {
    throw new Error(`${where}: ${property} ${JSON.stringify(text)} is not a Go template Argo Events can render: ${problem}; fix it (a message without "{{" is sent as it is)`);
  }
}

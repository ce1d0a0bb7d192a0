/**
 * A structural check of the Lua filter scripts of `When.custom`. Argo Events runs them with
 * gopher-lua (Lua 5.1); a script that does not compile makes its filter fail on every event,
 * silently. Without a Lua compiler in the construct library, this catches what people get wrong
 * when they write Lua rarely: strings and long comments left open, unbalanced brackets, blocks
 * without `end` (or an `end` too many), operators of other languages (`!=`, `&&`, `||`, `!`,
 * `+=`) or of later Lua versions (`//`, `&`, `|`, `~`, `<<`, `>>`), and scripts that never
 * `return` (a filter passes only when the script returns true). The rest of the grammar, and what
 * fails only when run (a misspelt variable), is left to the simulator, which runs the script.
 */

interface LuaToken {
  readonly text: string;
  readonly line: number;
  readonly name: boolean;
}

const FOREIGN_OPERATORS: Array<[string, string]> = [
  ['!=', 'Lua writes "not equal" as "~="'],
  ['&&', 'Lua writes "and"'],
  ['||', 'Lua writes "or"'],
  ['+=', 'Lua has no compound assignment; write "x = x + …"'],
  ['-=', 'Lua has no compound assignment; write "x = x - …"'],
  ['*=', 'Lua has no compound assignment; write "x = x * …"'],
  ['//', 'gopher-lua is Lua 5.1, which has no floor division and no "//" comments; use math.floor(a / b), and "--" for comments'],
  ['<<', 'gopher-lua is Lua 5.1, which has no bitwise operators'],
  ['>>', 'gopher-lua is Lua 5.1, which has no bitwise operators'],
];
const SINGLE_FOREIGN: Record<string, string> = {
  '!': 'Lua writes "not"',
  '&': 'gopher-lua is Lua 5.1, which has no bitwise operators',
  '|': 'gopher-lua is Lua 5.1, which has no bitwise operators',
  '?': 'Lua has no "?:" operator; write "cond and a or b"',
  '$': 'Lua has no "$"',
  '@': 'Lua has no "@"',
  '`': 'Lua strings use quotes or [[ ]]',
};
// gopher-lua also has Lua 5.2's goto and ::labels::.
const SYMBOLS = ['...', '..', '::', '==', '~=', '<=', '>=', '+', '-', '*', '/', '%', '^', '#', '<', '>', '=', '(', ')', '{', '}', '[', ']', ';', ':', ',', '.'];

/** Why gopher-lua cannot compile `script` as a filter that may pass, or undefined. */
export function luaProblem(script: string): string | undefined {
  const tokens = tokenize(script);
  if (typeof tokens === 'string') {
    return tokens;
  }
  if (tokens.length === 0) {
    return 'the script is empty';
  }
  const brackets: LuaToken[] = [];
  const blocks: LuaToken[] = [];
  const closes: Record<string, string> = { ')': '(', ']': '[', '}': '{' };
  for (const t of tokens) {
    if (t.text === '(' || t.text === '[' || t.text === '{') {
      brackets.push(t);
    } else if (closes[t.text] !== undefined) {
      const open = brackets.pop();
      if (open === undefined || open.text !== closes[t.text]) {
        return `line ${t.line}: "${t.text}" does not match ${open === undefined ? 'any opening bracket' : `the "${open.text}" of line ${open.line}`}`;
      }
    } else if (t.name && ['function', 'if', 'do', 'repeat'].includes(t.text)) {
      blocks.push(t);
    } else if (t.name && t.text === 'end') {
      const open = blocks.pop();
      if (open === undefined || open.text === 'repeat') {
        return `line ${t.line}: "end" closes no block${open === undefined ? '' : ` (the "repeat" of line ${open.line} ends with "until")`}`;
      }
    } else if (t.name && t.text === 'until') {
      const open = blocks.pop();
      if (open === undefined || open.text !== 'repeat') {
        return `line ${t.line}: "until" without "repeat"`;
      }
    } else if (t.name && (t.text === 'else' || t.text === 'elseif')) {
      if (blocks[blocks.length - 1]?.text !== 'if') {
        return `line ${t.line}: "${t.text}" outside an "if" block`;
      }
    }
  }
  if (brackets.length > 0) {
    const open = brackets[brackets.length - 1];
    return `line ${open.line}: "${open.text}" is not closed`;
  }
  if (blocks.length > 0) {
    const open = blocks[blocks.length - 1];
    return `line ${open.line}: "${open.text}" has no matching "${open.text === 'repeat' ? 'until' : 'end'}"`;
  }
  if (!tokens.some((t) => t.name && t.text === 'return')) {
    return 'the script never returns, so the filter never passes (it passes only when the script returns true)';
  }
  return undefined;
}

function tokenize(script: string): LuaToken[] | string {
  const tokens: LuaToken[] = [];
  let line = 1;
  let i = 0;
  const longBracket = (at: number): number => {
    // "[" "="* "[" opens a long string or comment; returns its level, or -1.
    const m = /^\[(=*)\[/.exec(script.slice(at));
    return m === null ? -1 : m[1].length;
  };
  const skipLong = (at: number, level: number, what: string): number | string => {
    const close = `]${'='.repeat(level)}]`;
    const end = script.indexOf(close, at + level + 2);
    if (end < 0) {
      return `line ${line}: the long ${what} opened here is not closed with "${close}"`;
    }
    line += (script.slice(at, end).match(/\n/g) ?? []).length;
    return end + close.length;
  };
  while (i < script.length) {
    const c = script[i];
    if (c === '\n') {
      line++;
      i++;
    } else if (/\s/.test(c)) {
      i++;
    } else if (script.startsWith('--', i)) {
      const level = longBracket(i + 2);
      if (level >= 0) {
        const next = skipLong(i + 2, level, 'comment');
        if (typeof next === 'string') {
          return next;
        }
        i = next;
      } else {
        const end = script.indexOf('\n', i);
        i = end < 0 ? script.length : end;
      }
    } else if (c === '"' || c === '\'') {
      let j = i + 1;
      while (j < script.length && script[j] !== c) {
        if (script[j] === '\\') {
          if (script[j + 1] === '\n') {
            line++;
          }
          j++;
        } else if (script[j] === '\n') {
          return `line ${line}: a string is not closed before the end of the line`;
        }
        j++;
      }
      if (j >= script.length) {
        return `line ${line}: a string is not closed`;
      }
      tokens.push({ text: 'string', line, name: false });
      i = j + 1;
    } else if (c === '[' && longBracket(i) >= 0) {
      const next = skipLong(i, longBracket(i), 'string');
      if (typeof next === 'string') {
        return next;
      }
      tokens.push({ text: 'string', line, name: false });
      i = next;
    } else if (/[A-Za-z_]/.test(c)) {
      const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(script.slice(i))![0];
      tokens.push({ text: word, line, name: true });
      i += word.length;
    } else if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(script[i + 1] ?? ''))) {
      const num = /^(0[xX][0-9A-Fa-f]+|([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?)/.exec(script.slice(i))![0];
      tokens.push({ text: num, line, name: false });
      i += num.length;
    } else {
      const foreign = FOREIGN_OPERATORS.find(([op]) => script.startsWith(op, i));
      if (foreign !== undefined) {
        return `line ${line}: "${foreign[0]}" is not Lua: ${foreign[1]}`;
      }
      if (c === '~' && script[i + 1] !== '=') {
        return `line ${line}: "~" alone is not Lua 5.1: write "~=" for "not equal", "not" for negation`;
      }
      const symbol = SYMBOLS.find((s) => script.startsWith(s, i));
      if (symbol === undefined) {
        const why = SINGLE_FOREIGN[c];
        return `line ${line}: "${c}" is not Lua${why === undefined ? '' : `: ${why}`}`;
      }
      tokens.push({ text: symbol, line, name: false });
      i += symbol.length;
    }
  }
  return tokens;
}

/**
 * An interpreter for the subset of expr-lang (github.com/expr-lang/expr, the language of Argo CD
 * notification triggers) that the generated trigger conditions use. It is a test oracle, not
 * expr-lang itself: it implements what our conditions rely on and rejects everything else with a
 * syntax error, so a condition using anything outside the subset fails the tests instead of
 * being evaluated by guesswork.
 *
 * Supported: string/number literals, `nil`, `true`, `false`; `and`/`&&`, `or`/`||` (short-circuit,
 * boolean operands); `not`/`!` (binds tighter than binary operators, as in expr); `==`, `!=`,
 * `startsWith`, `endsWith`, `contains` (one precedence level, as in expr); member access `a.b`
 * and `a?.b`; `any(array, {predicate})` with `.field` for the current element; parentheses.
 *
 * Semantics mirrored from expr on map environments:
 * - a missing map key yields nil, but member access on nil is a runtime error;
 * - `?.` on nil yields nil (evaluated step by step; the generated conditions put `?.` on every
 *   step that can be nil, so expr's chain short-circuit makes no difference for them);
 * - string operators and boolean operators on the wrong types are runtime errors;
 * - Argo CD treats a runtime error or a non-boolean result as false (`evaluateTrigger`).
 */

type Value = unknown;

interface Token {
  readonly kind: 'str' | 'num' | 'ident' | 'op' | 'eof';
  readonly text: string;
  readonly value?: Value;
}

const OPERATORS = ['?.', '==', '!=', '&&', '||', '!', '.', '(', ')', '{', '}', ','];

function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const ch = src[i];
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    if (ch === "'" || ch === '"') {
      let out = '';
      i++;
      while (i < src.length && src[i] !== ch) {
        if (src[i] === '\\') {
          const next = src[i + 1];
          out += next === 'n' ? '\n' : next === 't' ? '\t' : next;
          i += 2;
        } else {
          out += src[i++];
        }
      }
      if (i >= src.length) {
        throw new SyntaxError('unterminated string');
      }
      i++;
      tokens.push({ kind: 'str', text: out, value: out });
      continue;
    }
    const num = /^\d+(\.\d+)?/.exec(src.slice(i));
    if (num) {
      tokens.push({ kind: 'num', text: num[0], value: Number(num[0]) });
      i += num[0].length;
      continue;
    }
    const ident = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i));
    if (ident) {
      tokens.push({ kind: 'ident', text: ident[0] });
      i += ident[0].length;
      continue;
    }
    const op = OPERATORS.find(o => src.startsWith(o, i));
    if (op === undefined) {
      throw new SyntaxError(`unsupported character '${ch}' at ${i}`);
    }
    tokens.push({ kind: 'op', text: op });
    i += op.length;
  }
  tokens.push({ kind: 'eof', text: '' });
  return tokens;
}

type Node = (env: Env) => Value;

interface Env {
  readonly vars: Record<string, Value>;
  /** The current element inside a predicate. */
  readonly element?: Value;
}

class RuntimeError extends Error {}

function member(target: Value, name: string, optional: boolean): Value {
  if (target === null || target === undefined) {
    if (optional) {
      return undefined;
    }
    throw new RuntimeError(`cannot fetch ${name} from nil`);
  }
  if (typeof target !== 'object' || Array.isArray(target)) {
    throw new RuntimeError(`cannot fetch ${name} from ${typeof target}`);
  }
  return (target as Record<string, Value>)[name];
}

function asBool(value: Value, what: string): boolean {
  if (typeof value !== 'boolean') {
    throw new RuntimeError(`${what} needs a bool, got ${JSON.stringify(value)}`);
  }
  return value;
}

function asString(value: Value, what: string): string {
  if (typeof value !== 'string') {
    throw new RuntimeError(`${what} needs a string, got ${JSON.stringify(value)}`);
  }
  return value;
}

function equal(a: Value, b: Value): boolean {
  const aNil = a === null || a === undefined;
  const bNil = b === null || b === undefined;
  if (aNil || bNil) {
    return aNil && bNil;
  }
  if (typeof a === 'object' || typeof b === 'object') {
    throw new RuntimeError('comparing collections is outside the supported subset');
  }
  return a === b;
}

class Parser {
  private pos = 0;
  constructor(private readonly tokens: Token[]) {}

  parse(): Node {
    const node = this.or();
    this.expect('eof');
    return node;
  }

  private peek(): Token {
    return this.tokens[this.pos];
  }

  private accept(...texts: string[]): Token | undefined {
    const t = this.peek();
    if ((t.kind === 'op' || t.kind === 'ident') && texts.includes(t.text)) {
      this.pos++;
      return t;
    }
    return undefined;
  }

  private expect(text: string): void {
    const t = this.peek();
    if (text === 'eof' ? t.kind !== 'eof' : t.text !== text || t.kind === 'str') {
      throw new SyntaxError(`expected '${text}', got '${t.text}'`);
    }
    this.pos++;
  }

  private or(): Node {
    let left = this.and();
    while (this.accept('or', '||')) {
      const l = left;
      const r = this.and();
      left = env => asBool(l(env), 'or') || asBool(r(env), 'or');
    }
    return left;
  }

  private and(): Node {
    let left = this.comparison();
    while (this.accept('and', '&&')) {
      const l = left;
      const r = this.comparison();
      left = env => asBool(l(env), 'and') && asBool(r(env), 'and');
    }
    return left;
  }

  private comparison(): Node {
    let left = this.unary();
    for (;;) {
      const op = this.accept('==', '!=', 'startsWith', 'endsWith', 'contains');
      if (!op) {
        return left;
      }
      const l = left;
      const r = this.unary();
      switch (op.text) {
        case '==': left = env => equal(l(env), r(env)); break;
        case '!=': left = env => !equal(l(env), r(env)); break;
        case 'startsWith': left = env => asString(l(env), 'startsWith').startsWith(asString(r(env), 'startsWith')); break;
        case 'endsWith': left = env => asString(l(env), 'endsWith').endsWith(asString(r(env), 'endsWith')); break;
        default: left = env => asString(l(env), 'contains').includes(asString(r(env), 'contains'));
      }
    }
  }

  private unary(): Node {
    if (this.accept('not', '!')) {
      const operand = this.unary();
      return env => !asBool(operand(env), 'not');
    }
    return this.postfix();
  }

  private postfix(): Node {
    let node = this.primary();
    for (;;) {
      const op = this.accept('.', '?.');
      if (!op) {
        return node;
      }
      const name = this.identifier();
      const target = node;
      const optional = op.text === '?.';
      node = env => member(target(env), name, optional);
    }
  }

  private identifier(): string {
    const t = this.peek();
    if (t.kind !== 'ident') {
      throw new SyntaxError(`expected a name, got '${t.text}'`);
    }
    this.pos++;
    return t.text;
  }

  private primary(): Node {
    const t = this.peek();
    if (t.kind === 'str' || t.kind === 'num') {
      this.pos++;
      return () => t.value;
    }
    if (this.accept('(')) {
      const inner = this.or();
      this.expect(')');
      return inner;
    }
    if (this.accept('.')) {
      // `.field` inside a predicate is a member of the current element.
      const name = this.identifier();
      return env => member(env.element, name, false);
    }
    if (t.kind === 'ident') {
      this.pos++;
      switch (t.text) {
        case 'nil': return () => undefined;
        case 'true': return () => true;
        case 'false': return () => false;
        case 'any': return this.anyCall();
        default:
          if (['and', 'or', 'not', 'startsWith', 'endsWith', 'contains'].includes(t.text)) {
            throw new SyntaxError(`unexpected '${t.text}'`);
          }
          return env => {
            if (!(t.text in env.vars)) {
              throw new RuntimeError(`unknown name ${t.text}`);
            }
            return env.vars[t.text];
          };
      }
    }
    throw new SyntaxError(`unexpected '${t.text}'`);
  }

  private anyCall(): Node {
    this.expect('(');
    const collection = this.or();
    this.expect(',');
    this.expect('{');
    const predicate = this.or();
    this.expect('}');
    this.expect(')');
    return env => {
      const items = collection(env);
      if (!Array.isArray(items)) {
        throw new RuntimeError(`any needs an array, got ${JSON.stringify(items)}`);
      }
      return items.some(element => asBool(predicate({ vars: env.vars, element }), 'any predicate'));
    };
  }
}

const compiled = new Map<string, Node>();

/** Parses an expression of the subset; throws SyntaxError for anything outside it. */
export function compileExpr(source: string): Node {
  let node = compiled.get(source);
  if (node === undefined) {
    node = new Parser(tokenize(source)).parse();
    compiled.set(source, node);
  }
  return node;
}

/** Evaluates a trigger condition as Argo CD does: errors and non-boolean results are false. */
export function evaluateTrigger(source: string, app: Value): boolean {
  const node = compileExpr(source);
  try {
    return node({ vars: { app } }) === true;
  } catch (e) {
    if (e instanceof RuntimeError) {
      return false;
    }
    throw e;
  }
}

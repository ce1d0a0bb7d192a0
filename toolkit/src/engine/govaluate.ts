import { EngineError, UnsupportedError } from './errors';
import { compareGoStrings, deepEqualGo, formatGoValue, goTypeName } from './go-format';
import { GoRegexp } from './go-regexp';

/**
 * Expressions with the syntax and semantics of Knetic/govaluate at the commit Argo Events pins
 * (v3.0.1-0.20171022003610-9aa49832a739), created with `NewEvaluableExpression` (no functions)
 * and evaluated with `Evaluate(map)`.
 *
 * Values are Go-like: numbers are float64, strings, booleans, `null` for nil, and objects/arrays
 * for `map[string]interface{}` / `[]interface{}` (what gjson `Value()` binds). Error messages are
 * govaluate's, including its Go `%v` formatting of values.
 */
export class GovaluateExpression {
  /** Parses `expression`, reusing an earlier parse of the same text. */
  public static parse(expression: string): GovaluateExpression {
    const hit = parseCache.get(expression);
    if (hit) {
      return hit;
    }
    const parsed = new GovaluateExpression(expression);
    if (parseCache.size >= PARSE_CACHE_LIMIT) {
      parseCache.delete(parseCache.keys().next().value as string);
    }
    parseCache.set(expression, parsed);
    return parsed;
  }

  /** The original expression text. */
  public readonly source: string;
  /**
   * The parameters the expression reads, each once in order of appearance: plain and `[escaped]`
   * variables, and the parameter at the root of a `param.Field` accessor.
   */
  public readonly variables: string[];
  private readonly root: Stage | undefined;

  private constructor(expression: string) {
    this.source = expression;
    const tokens = tokenize(expression);
    checkBalance(tokens);
    checkSyntax(tokens);
    compilePatterns(tokens);
    this.root = planStages(tokens);
    const names: string[] = [];
    for (const t of tokens) {
      const name = t.kind === 'VARIABLE' ? (t.value as string) : t.kind === 'ACCESSOR' ? (t.value as string[])[0] : undefined;
      if (name !== undefined && !names.includes(name)) {
        names.push(name);
      }
    }
    this.variables = names;
  }

  /**
   * Evaluates with the given parameters. A parameter the expression reads must be an own key of
   * `parameters` (a key with value `null` is a bound nil). Throws EngineError with govaluate's
   * message on runtime errors.
   */
  public evaluate(parameters: Record<string, unknown>): unknown {
    if (this.root === undefined) {
      return null;
    }
    return evaluateStage(this.root, parameters);
  }
}

const PARSE_CACHE_LIMIT = 1024;
const parseCache = new Map<string, GovaluateExpression>();

// ---------------------------------------------------------------------------------------------
// Tokens and lexer states

type TokenKind =
  | 'UNKNOWN' | 'PREFIX' | 'NUMERIC' | 'BOOLEAN' | 'STRING' | 'PATTERN' | 'TIME' | 'VARIABLE'
  | 'FUNCTION' | 'SEPARATOR' | 'ACCESSOR' | 'COMPARATOR' | 'LOGICALOP' | 'MODIFIER' | 'CLAUSE'
  | 'CLAUSE_CLOSE' | 'TERNARY';

/** A date literal: govaluate turns string literals that parse as dates into Unix seconds. */
interface TimeValue {
  readonly unix: number;
  readonly text: string;
}

type TokenValue = number | string | boolean | string[] | GoRegexp | TimeValue;

interface Token {
  kind: TokenKind;
  value: TokenValue;
}

interface LexerState {
  isEOF: boolean;
  isNullable: boolean;
  next: readonly TokenKind[];
}

const VALUE_START: readonly TokenKind[] = ['PREFIX', 'NUMERIC', 'BOOLEAN', 'VARIABLE', 'PATTERN', 'FUNCTION', 'ACCESSOR', 'STRING', 'TIME', 'CLAUSE'];
const AFTER_VALUE: readonly TokenKind[] = ['MODIFIER', 'COMPARATOR', 'LOGICALOP', 'CLAUSE_CLOSE', 'TERNARY', 'SEPARATOR'];

/** Which token kinds may follow each kind (govaluate's lexer state table). */
const LEXER_STATES: Record<TokenKind, LexerState> = {
  UNKNOWN: { isEOF: false, isNullable: true, next: VALUE_START },
  CLAUSE: { isEOF: false, isNullable: true, next: [...VALUE_START, 'CLAUSE_CLOSE'] },
  CLAUSE_CLOSE: {
    isEOF: true,
    isNullable: true,
    next: ['COMPARATOR', 'MODIFIER', 'NUMERIC', 'BOOLEAN', 'VARIABLE', 'STRING', 'PATTERN', 'TIME', 'CLAUSE', 'CLAUSE_CLOSE', 'LOGICALOP', 'TERNARY', 'SEPARATOR'],
  },
  NUMERIC: { isEOF: true, isNullable: false, next: AFTER_VALUE },
  BOOLEAN: { isEOF: true, isNullable: false, next: AFTER_VALUE },
  STRING: { isEOF: true, isNullable: false, next: AFTER_VALUE },
  TIME: { isEOF: true, isNullable: false, next: ['MODIFIER', 'COMPARATOR', 'LOGICALOP', 'CLAUSE_CLOSE', 'SEPARATOR'] },
  PATTERN: { isEOF: true, isNullable: false, next: ['MODIFIER', 'COMPARATOR', 'LOGICALOP', 'CLAUSE_CLOSE', 'SEPARATOR'] },
  VARIABLE: { isEOF: true, isNullable: false, next: AFTER_VALUE },
  MODIFIER: { isEOF: false, isNullable: false, next: ['PREFIX', 'NUMERIC', 'VARIABLE', 'FUNCTION', 'ACCESSOR', 'STRING', 'BOOLEAN', 'CLAUSE', 'CLAUSE_CLOSE'] },
  COMPARATOR: {
    isEOF: false,
    isNullable: false,
    next: ['PREFIX', 'NUMERIC', 'BOOLEAN', 'VARIABLE', 'FUNCTION', 'ACCESSOR', 'STRING', 'TIME', 'CLAUSE', 'CLAUSE_CLOSE', 'PATTERN'],
  },
  LOGICALOP: {
    isEOF: false,
    isNullable: false,
    next: ['PREFIX', 'NUMERIC', 'BOOLEAN', 'VARIABLE', 'FUNCTION', 'ACCESSOR', 'STRING', 'TIME', 'CLAUSE', 'CLAUSE_CLOSE'],
  },
  PREFIX: { isEOF: false, isNullable: false, next: ['NUMERIC', 'BOOLEAN', 'VARIABLE', 'FUNCTION', 'ACCESSOR', 'CLAUSE', 'CLAUSE_CLOSE'] },
  TERNARY: {
    isEOF: false,
    isNullable: false,
    next: ['PREFIX', 'NUMERIC', 'BOOLEAN', 'STRING', 'TIME', 'VARIABLE', 'FUNCTION', 'ACCESSOR', 'CLAUSE', 'SEPARATOR'],
  },
  FUNCTION: { isEOF: false, isNullable: false, next: ['CLAUSE'] },
  ACCESSOR: { isEOF: true, isNullable: false, next: ['CLAUSE', 'MODIFIER', 'COMPARATOR', 'LOGICALOP', 'CLAUSE_CLOSE', 'TERNARY', 'SEPARATOR'] },
  SEPARATOR: { isEOF: false, isNullable: true, next: ['PREFIX', 'NUMERIC', 'BOOLEAN', 'STRING', 'TIME', 'VARIABLE', 'FUNCTION', 'ACCESSOR', 'CLAUSE'] },
};

type Sym =
  | 'VALUE' | 'LITERAL' | 'NOOP' | 'EQ' | 'NEQ' | 'GT' | 'LT' | 'GTE' | 'LTE' | 'REQ' | 'NREQ' | 'IN'
  | 'AND' | 'OR' | 'PLUS' | 'MINUS' | 'BITWISE_AND' | 'BITWISE_OR' | 'BITWISE_XOR' | 'BITWISE_LSHIFT'
  | 'BITWISE_RSHIFT' | 'MULTIPLY' | 'DIVIDE' | 'MODULUS' | 'EXPONENT' | 'NEGATE' | 'INVERT'
  | 'BITWISE_NOT' | 'TERNARY_TRUE' | 'TERNARY_FALSE' | 'COALESCE' | 'ACCESS' | 'SEPARATE';

const COMPARATOR_SYMBOLS: Record<string, Sym> = {
  '==': 'EQ', '!=': 'NEQ', '>': 'GT', '>=': 'GTE', '<': 'LT', '<=': 'LTE', '=~': 'REQ', '!~': 'NREQ', 'in': 'IN',
};
const LOGICAL_SYMBOLS: Record<string, Sym> = { '&&': 'AND', '||': 'OR' };
const BITWISE_SYMBOLS: Record<string, Sym> = { '^': 'BITWISE_XOR', '&': 'BITWISE_AND', '|': 'BITWISE_OR' };
const SHIFT_SYMBOLS: Record<string, Sym> = { '>>': 'BITWISE_RSHIFT', '<<': 'BITWISE_LSHIFT' };
const ADDITIVE_SYMBOLS: Record<string, Sym> = { '+': 'PLUS', '-': 'MINUS' };
const MULTIPLICATIVE_SYMBOLS: Record<string, Sym> = { '*': 'MULTIPLY', '/': 'DIVIDE', '%': 'MODULUS' };
const EXPONENTIAL_SYMBOLS: Record<string, Sym> = { '**': 'EXPONENT' };
const PREFIX_SYMBOLS: Record<string, Sym> = { '-': 'NEGATE', '!': 'INVERT', '~': 'BITWISE_NOT' };
const TERNARY_SYMBOLS: Record<string, Sym> = { '?': 'TERNARY_TRUE', ':': 'TERNARY_FALSE', '??': 'COALESCE' };
const MODIFIER_SYMBOLS: Record<string, Sym> = {
  ...ADDITIVE_SYMBOLS, ...MULTIPLICATIVE_SYMBOLS, ...EXPONENTIAL_SYMBOLS, ...BITWISE_SYMBOLS, ...SHIFT_SYMBOLS,
};
const SEPARATOR_SYMBOLS: Record<string, Sym> = { ',': 'SEPARATE' };

function lookup(table: Record<string, Sym>, key: string): Sym | undefined {
  return Object.prototype.hasOwnProperty.call(table, key) ? table[key] : undefined;
}

/** How govaluate prints an operator in error messages (note `=` for `==`). */
const SYMBOL_TEXT: Partial<Record<Sym, string>> = {
  EQ: '=', NEQ: '!=', GT: '>', LT: '<', GTE: '>=', LTE: '<=', REQ: '=~',
  NREQ: '!~', AND: '&&', OR: '||', IN: 'in', BITWISE_AND: '&', BITWISE_OR: '|', BITWISE_XOR: '^',
  BITWISE_LSHIFT: '<<', BITWISE_RSHIFT: '>>', PLUS: '+', MINUS: '-', MULTIPLY: '*', DIVIDE: '/',
  MODULUS: '%', EXPONENT: '**', NEGATE: '-', INVERT: '!', BITWISE_NOT: '~', TERNARY_TRUE: '?',
  TERNARY_FALSE: ':', COALESCE: '??',
};

/** Precedence classes; only equality between classes matters (for re-ordering). */
function precedenceOf(sym: Sym): string {
  switch (sym) {
    case 'NOOP':
      return 'noop';
    case 'EQ': case 'NEQ': case 'GT': case 'LT': case 'GTE': case 'LTE': case 'REQ': case 'NREQ': case 'IN':
      return 'comparator';
    case 'AND':
      return 'logicalAnd';
    case 'OR':
      return 'logicalOr';
    case 'BITWISE_AND': case 'BITWISE_OR': case 'BITWISE_XOR':
      return 'bitwise';
    case 'BITWISE_LSHIFT': case 'BITWISE_RSHIFT':
      return 'shift';
    case 'PLUS': case 'MINUS':
      return 'additive';
    case 'MULTIPLY': case 'DIVIDE': case 'MODULUS':
      return 'multiplicative';
    case 'EXPONENT':
      return 'exponential';
    case 'BITWISE_NOT': case 'NEGATE': case 'INVERT':
      return 'prefix';
    case 'COALESCE': case 'TERNARY_TRUE': case 'TERNARY_FALSE':
      return 'ternary';
    case 'ACCESS':
      return 'functional';
    case 'SEPARATE':
      return 'separate';
    default:
      return 'value';
  }
}

// ---------------------------------------------------------------------------------------------
// Lexer

const SPACE = /^\p{White_Space}$/u;
const LETTER = /^\p{L}$/u;
const DIGIT = /^\p{Nd}$/u;

const isSpace = (c: string): boolean => SPACE.test(c);
const isLetter = (c: string): boolean => LETTER.test(c);
const isDigit = (c: string): boolean => DIGIT.test(c);
const isNumeric = (c: string): boolean => isDigit(c) || c === '.';
const isNotQuote = (c: string): boolean => c !== "'" && c !== '"';
const isVariableName = (c: string): boolean => isLetter(c) || isDigit(c) || c === '_' || c === '.';
const isNotClosingBracket = (c: string): boolean => c !== ']';
const isNotAlphanumeric = (c: string): boolean =>
  !(isDigit(c) || isLetter(c) || c === '(' || c === ')' || c === '[' || c === ']' || !isNotQuote(c));

/** A cursor over the code points of the expression. */
class Stream {
  public pos = 0;
  private readonly chars: string[];

  public constructor(source: string) {
    this.chars = Array.from(source);
  }

  public canRead(): boolean {
    return this.pos < this.chars.length;
  }

  public read(): string {
    const c = this.chars[this.pos];
    if (c === undefined) {
      // govaluate indexes past the end here (a trailing backslash) and panics
      throw new EngineError(`runtime error: index out of range [${this.pos}] with length ${this.chars.length}`);
    }
    this.pos++;
    return c;
  }

  public rewind(n: number): void {
    this.pos -= n;
  }
}

/** Reads while `condition` holds; backslash escapes any character. Returns [text, completed]. */
function readUntilFalse(
  stream: Stream,
  includeWhitespace: boolean,
  breakWhitespace: boolean,
  condition: (c: string) => boolean,
): [string, boolean] {
  let buf = '';
  while (stream.canRead()) {
    let c = stream.read();
    if (c === '\\') {
      c = stream.read();
      buf += c;
      continue;
    }
    if (isSpace(c)) {
      if (breakWhitespace && buf.length > 0) {
        return [buf, true];
      }
      if (!includeWhitespace) {
        continue;
      }
    }
    if (condition(c)) {
      buf += c;
    } else {
      stream.rewind(1);
      return [buf, true];
    }
  }
  return [buf, false];
}

function readTokenUntilFalse(stream: Stream, condition: (c: string) => boolean): string {
  stream.rewind(1);
  return readUntilFalse(stream, false, true, condition)[0];
}

function readToken(stream: Stream, state: LexerState): Token | undefined {
  while (stream.canRead()) {
    const c = stream.read();
    if (isSpace(c)) {
      continue;
    }
    if (isNumeric(c)) {
      const text = readTokenUntilFalse(stream, isNumeric);
      if (!/^(?:[0-9]+\.?[0-9]*|\.[0-9]+)$/.test(text)) {
        throw new EngineError(`Unable to parse numeric value '${text}' to float64\n`);
      }
      return { kind: 'NUMERIC', value: Number(text) };
    }
    if (c === ',') {
      return { kind: 'SEPARATOR', value: ',' };
    }
    if (c === '[') {
      const [name, completed] = readUntilFalse(stream, true, false, isNotClosingBracket);
      if (!completed) {
        throw new EngineError('Unclosed parameter bracket');
      }
      stream.rewind(-1);
      return { kind: 'VARIABLE', value: name };
    }
    if (isLetter(c)) {
      return wordToken(readTokenUntilFalse(stream, isVariableName));
    }
    if (!isNotQuote(c)) {
      const [text, completed] = readUntilFalse(stream, true, false, isNotQuote);
      if (!completed) {
        throw new EngineError('Unclosed string literal');
      }
      stream.rewind(-1);
      const time = parseDateLiteral(text);
      return time === undefined ? { kind: 'STRING', value: text } : { kind: 'TIME', value: { unix: time, text } };
    }
    if (c === '(') {
      return { kind: 'CLAUSE', value: '(' };
    }
    if (c === ')') {
      return { kind: 'CLAUSE_CLOSE', value: ')' };
    }
    const symbol = readTokenUntilFalse(stream, isNotAlphanumeric);
    if (state.next.includes('PREFIX') && lookup(PREFIX_SYMBOLS, symbol)) {
      return { kind: 'PREFIX', value: symbol };
    }
    if (lookup(MODIFIER_SYMBOLS, symbol)) {
      return { kind: 'MODIFIER', value: symbol };
    }
    if (lookup(LOGICAL_SYMBOLS, symbol)) {
      return { kind: 'LOGICALOP', value: symbol };
    }
    if (lookup(COMPARATOR_SYMBOLS, symbol)) {
      return { kind: 'COMPARATOR', value: symbol };
    }
    if (lookup(TERNARY_SYMBOLS, symbol)) {
      return { kind: 'TERNARY', value: symbol };
    }
    throw new EngineError(`Invalid token: '${symbol}'`);
  }
  return undefined;
}

/** Identifiers: booleans, the `in` operator, `param.Field` accessors, or variables. */
function wordToken(word: string): Token {
  if (word === 'in' || word === 'IN') {
    return { kind: 'COMPARATOR', value: 'in' };
  }
  if (word.indexOf('.') > 0) {
    if (word.endsWith('.')) {
      throw new EngineError(`Hanging accessor on token '${word}'`);
    }
    const parts = word.split('.');
    for (const part of parts.slice(1)) {
      const first = Array.from(part)[0] ?? '';
      if (first.toUpperCase() !== first) {
        throw new EngineError(`Unable to access unexported field '${part}' in token '${word}'`);
      }
    }
    return { kind: 'ACCESSOR', value: parts };
  }
  if (word === 'true' || word === 'false') {
    return { kind: 'BOOLEAN', value: word === 'true' };
  }
  return { kind: 'VARIABLE', value: word };
}

function tokenize(expression: string): Token[] {
  const stream = new Stream(expression);
  const tokens: Token[] = [];
  let state = LEXER_STATES.UNKNOWN;
  while (stream.canRead()) {
    const token = readToken(stream, state);
    if (token === undefined) {
      break;
    }
    state = LEXER_STATES[token.kind];
    tokens.push(token);
  }
  return tokens;
}

function checkBalance(tokens: Token[]): void {
  let parens = 0;
  for (const t of tokens) {
    if (t.kind === 'CLAUSE') {
      parens++;
    } else if (t.kind === 'CLAUSE_CLOSE') {
      parens--;
    }
  }
  if (parens !== 0) {
    throw new EngineError('Unbalanced parenthesis');
  }
}

function checkSyntax(tokens: Token[]): void {
  let state = LEXER_STATES.UNKNOWN;
  let stateKind: TokenKind = 'UNKNOWN';
  let last: Token | undefined;
  for (const t of tokens) {
    if (!state.next.includes(t.kind)) {
      if (last?.kind === 'VARIABLE' && t.kind === 'CLAUSE') {
        throw new EngineError(`Undefined function ${last.value as string}`);
      }
      const from = `${stateKind} [${last ? tokenText(last) : '<nil>'}]`;
      throw new EngineError(`Cannot transition token types from ${from} to ${t.kind} [${tokenText(t)}]`);
    }
    state = LEXER_STATES[t.kind];
    stateKind = t.kind;
    last = t;
  }
  if (!state.isEOF) {
    throw new EngineError('Unexpected end of expression');
  }
}

/** A token value as Go's `%v` prints it (parentheses are runes, so they print as numbers). */
function tokenText(t: Token): string {
  if (t.kind === 'CLAUSE') {
    return '40';
  }
  if (t.kind === 'CLAUSE_CLOSE') {
    return '41';
  }
  if (t.kind === 'TIME') {
    return formatGoTime((t.value as TimeValue).unix);
  }
  return formatGoValue(t.value);
}

/** A constant string after `=~` / `!~` is compiled once, at parse time. */
function compilePatterns(tokens: Token[]): void {
  for (let i = 0; i < tokens.length - 1; i++) {
    const t = tokens[i];
    if (t.kind !== 'COMPARATOR' || (t.value !== '=~' && t.value !== '!~')) {
      continue;
    }
    const next = tokens[i + 1];
    if (next.kind === 'STRING') {
      tokens[i + 1] = { kind: 'PATTERN', value: GoRegexp.compile(next.value as string) };
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Stage planning

type Params = Record<string, unknown>;
type Operator = (left: unknown, right: unknown, params: Params) => unknown;
type TypeCheck = (v: unknown) => boolean;

interface Stage {
  symbol: Sym;
  left?: Stage;
  right?: Stage;
  operator: Operator;
  leftCheck?: TypeCheck;
  rightCheck?: TypeCheck;
  combinedCheck?: (l: unknown, r: unknown) => boolean;
  typeErrorFormat: string;
}

class TokenStream {
  public index = 0;

  public constructor(private readonly tokens: Token[]) {}

  public hasNext(): boolean {
    return this.index < this.tokens.length;
  }

  public next(): Token {
    return this.tokens[this.index++];
  }

  public rewind(): void {
    this.index--;
  }
}

type Planner = (stream: TokenStream) => Stage | undefined;

const LOGICAL_ERROR = "Value '%v' cannot be used with the logical operator '%v', it is not a bool";
const MODIFIER_ERROR = "Value '%v' cannot be used with the modifier '%v', it is not a number";
const COMPARATOR_ERROR = "Value '%v' cannot be used with the comparator '%v', it is not a number";
const TERNARY_ERROR = "Value '%v' cannot be used with the ternary operator '%v', it is not a bool";
const PREFIX_ERROR = "Value '%v' cannot be used with the prefix '%v'";

/**
 * One precedence level: a left operand from the tighter level, then, if the next token is one of
 * this level's operators, a right operand parsed by `right` (this same level unless given, which
 * makes chains right-nested until {@link reorderStages} fixes them).
 */
function precedenceLevel(
  symbols: Record<string, Sym>,
  kinds: TokenKind[],
  typeErrorFormat: string,
  next: Planner | undefined,
  right?: Planner,
): Planner {
  const level: Planner = (stream) => {
    const leftStage = next ? next(stream) : undefined;
    if (stream.hasNext()) {
      const token = stream.next();
      const symbol = kinds.includes(token.kind) && typeof token.value === 'string' ? lookup(symbols, token.value) : undefined;
      if (symbol !== undefined) {
        const rightStage = (right ?? level)(stream);
        return makeStage(symbol, leftStage, rightStage, typeErrorFormat);
      }
    }
    // govaluate steps back even when the stream was already exhausted; the levels above then
    // re-read the last operand and step back again, which is harmless
    stream.rewind();
    return leftStage;
  };
  return level;
}

const planValue: Planner = (stream) => {
  if (!stream.hasNext()) {
    return undefined;
  }
  const token = stream.next();
  switch (token.kind) {
    case 'CLAUSE': {
      const inner = planTokens(stream);
      stream.next();
      // a no-op wrapper keeps parenthesised groups out of the re-ordering of operator chains
      return { symbol: 'NOOP', right: inner, operator: (_l, r) => r, typeErrorFormat: '' };
    }
    case 'CLAUSE_CLOSE':
      stream.rewind();
      return undefined;
    case 'VARIABLE': {
      const name = token.value as string;
      return { symbol: 'VALUE', operator: (_l, _r, params) => getParameter(params, name), typeErrorFormat: '' };
    }
    case 'NUMERIC':
    case 'STRING':
    case 'PATTERN':
    case 'BOOLEAN':
      return literalStage(token.value);
    case 'TIME':
      return literalStage((token.value as TimeValue).unix);
    case 'PREFIX':
      stream.rewind();
      return planPrefix(stream);
    default:
      throw new EngineError(`Unable to plan token kind: '${token.kind}', value: '${tokenText(token)}'`);
  }
};

function literalStage(value: unknown): Stage {
  return { symbol: 'LITERAL', operator: () => value, typeErrorFormat: '' };
}

const planAccessor: Planner = (stream) => {
  if (!stream.hasNext()) {
    return undefined;
  }
  const token = stream.next();
  if (token.kind !== 'ACCESSOR') {
    stream.rewind();
    return planValue(stream);
  }
  let args: Stage | undefined;
  if (stream.hasNext()) {
    const other = stream.next();
    stream.rewind();
    if (other.kind === 'CLAUSE') {
      args = planTokens(stream);
    }
  }
  const path = token.value as string[];
  return {
    symbol: 'ACCESS',
    right: args,
    operator: (_l, _r, params) => {
      getParameter(params, path[0]);
      // parameters are JSON values, never Go structs, so there is no field or method to reach
      throw new EngineError(`Unable to access '${path[1]}', '${path[0]}' is not a struct`);
    },
    typeErrorFormat: "Unable to access parameter field or method '%v': %v",
  };
};

const planPrefix: Planner = precedenceLevel(PREFIX_SYMBOLS, ['PREFIX'], PREFIX_ERROR, undefined, planAccessor);
const planExponential = precedenceLevel(EXPONENTIAL_SYMBOLS, ['MODIFIER'], MODIFIER_ERROR, planAccessor);
const planMultiplicative = precedenceLevel(MULTIPLICATIVE_SYMBOLS, ['MODIFIER'], MODIFIER_ERROR, planExponential);
const planAdditive = precedenceLevel(ADDITIVE_SYMBOLS, ['MODIFIER'], MODIFIER_ERROR, planMultiplicative);
const planShift = precedenceLevel(SHIFT_SYMBOLS, ['MODIFIER'], MODIFIER_ERROR, planAdditive);
const planBitwise = precedenceLevel(BITWISE_SYMBOLS, ['MODIFIER'], MODIFIER_ERROR, planShift);
const planComparator = precedenceLevel(COMPARATOR_SYMBOLS, ['COMPARATOR'], COMPARATOR_ERROR, planBitwise);
const planLogicalAnd = precedenceLevel({ '&&': 'AND' }, ['LOGICALOP'], LOGICAL_ERROR, planComparator);
const planLogicalOr = precedenceLevel({ '||': 'OR' }, ['LOGICALOP'], LOGICAL_ERROR, planLogicalAnd);
const planTernary = precedenceLevel(TERNARY_SYMBOLS, ['TERNARY'], TERNARY_ERROR, planLogicalOr);
const planSeparator = precedenceLevel(SEPARATOR_SYMBOLS, ['SEPARATOR'], '', planTernary);

function planTokens(stream: TokenStream): Stage | undefined {
  if (!stream.hasNext()) {
    return undefined;
  }
  return planSeparator(stream);
}

function planStages(tokens: Token[]): Stage | undefined {
  const root = planTokens(new TokenStream(tokens));
  if (root) {
    reorderStages(root);
  }
  return root;
}

/**
 * Same-precedence chains come out of the planner right-nested (`a - (b - c)`); this mirrors each
 * run of equal precedence down the right spine so they evaluate left to right, exactly as
 * govaluate does (including its quirks for mixed runs).
 */
function reorderStages(root: Stage): void {
  let run: Stage[] = [];
  let precedence = precedenceOf(root.symbol);
  let next: Stage | undefined = root;
  while (next) {
    const current: Stage = next;
    next = current.right;
    if (current.left) {
      reorderStages(current.left);
    }
    const p = precedenceOf(current.symbol);
    if (p === precedence) {
      run.push(current);
      continue;
    }
    if (run.length > 1) {
      mirrorStages(run);
    }
    run = [current];
    precedence = p;
  }
  if (run.length > 1) {
    mirrorStages(run);
  }
}

function mirrorStages(stages: Stage[]): void {
  const n = stages.length;
  for (const s of stages) {
    [s.left, s.right] = [s.right, s.left];
  }
  const root = stages[0];
  const end = stages[n - 1];
  [end.left, root.right] = [root.right, end.left];
  for (let i = 0; i < Math.trunc((n - 2) / 2) + 1; i++) {
    const front = stages[i + 1];
    const inverse = stages[n - i - 1];
    [front.right, inverse.right] = [inverse.right, front.right];
  }
  for (let i = 0; i < Math.trunc(n / 2); i++) {
    swapOperation(stages[i], stages[n - i - 1]);
  }
}

/** Swaps everything but the child links. */
function swapOperation(a: Stage, b: Stage): void {
  const keys = ['symbol', 'operator', 'leftCheck', 'rightCheck', 'combinedCheck', 'typeErrorFormat'] as const;
  for (const k of keys) {
    const tmp = a[k];
    (a as unknown as Record<string, unknown>)[k] = b[k];
    (b as unknown as Record<string, unknown>)[k] = tmp;
  }
}

function makeStage(symbol: Sym, left: Stage | undefined, right: Stage | undefined, typeErrorFormat: string): Stage {
  const stage: Stage = { symbol, left, right, operator: OPERATORS[symbol] as Operator, typeErrorFormat };
  switch (symbol) {
    case 'GT': case 'LT': case 'GTE': case 'LTE':
      stage.combinedCheck = (l, r) => (isNumber(l) && isNumber(r)) || (isString(l) && isString(r));
      break;
    case 'REQ': case 'NREQ':
      stage.leftCheck = isString;
      stage.rightCheck = (v) => isString(v) || v instanceof GoRegexp;
      break;
    case 'AND': case 'OR':
      stage.leftCheck = isBool;
      stage.rightCheck = isBool;
      break;
    case 'IN':
      stage.rightCheck = Array.isArray;
      break;
    case 'BITWISE_LSHIFT': case 'BITWISE_RSHIFT': case 'BITWISE_OR': case 'BITWISE_AND': case 'BITWISE_XOR':
    case 'MINUS': case 'MULTIPLY': case 'DIVIDE': case 'MODULUS': case 'EXPONENT':
      stage.leftCheck = isNumber;
      stage.rightCheck = isNumber;
      break;
    case 'PLUS':
      stage.combinedCheck = (l, r) => (isNumber(l) && isNumber(r)) || isString(l) || isString(r);
      break;
    case 'NEGATE': case 'BITWISE_NOT':
      stage.rightCheck = isNumber;
      break;
    case 'INVERT':
      stage.rightCheck = isBool;
      break;
    case 'TERNARY_TRUE':
      stage.leftCheck = isBool;
      break;
  }
  return stage;
}

const isNumber = (v: unknown): v is number => typeof v === 'number';
const isString = (v: unknown): v is string => typeof v === 'string';
const isBool = (v: unknown): v is boolean => typeof v === 'boolean';

// ---------------------------------------------------------------------------------------------
// Evaluation

/** Marks the branch a ternary skips. */
const SKIPPED = Symbol('skipped');

function getParameter(params: Params, name: string): unknown {
  if (!Object.prototype.hasOwnProperty.call(params, name)) {
    throw new EngineError(`No parameter '${name}' found.`);
  }
  const v = params[name];
  return v === undefined ? null : v;
}

function evaluateStage(stage: Stage, params: Params): unknown {
  let left: unknown = null;
  let right: unknown = null;
  if (stage.left) {
    left = evaluateStage(stage.left, params);
  }
  switch (stage.symbol) {
    case 'AND':
      if (left === false) {
        return false;
      }
      break;
    case 'OR':
      if (left === true) {
        return true;
      }
      break;
    case 'COALESCE':
      if (left !== null) {
        return left;
      }
      break;
    case 'TERNARY_TRUE':
      if (left === false) {
        right = SKIPPED;
      }
      break;
    case 'TERNARY_FALSE':
      if (left !== null) {
        right = SKIPPED;
      }
      break;
  }
  if (right !== SKIPPED && stage.right) {
    right = evaluateStage(stage.right, params);
  }
  if (stage.combinedCheck) {
    if (!stage.combinedCheck(left, right)) {
      throw typeError(stage, left);
    }
  } else {
    if (stage.leftCheck && !stage.leftCheck(left)) {
      throw typeError(stage, left);
    }
    if (stage.rightCheck && !stage.rightCheck(right)) {
      throw typeError(stage, right);
    }
  }
  return stage.operator(left, right, params);
}

function typeError(stage: Stage, value: unknown): EngineError {
  let i = 0;
  const args = [formatGoValue(value), SYMBOL_TEXT[stage.symbol] ?? ''];
  return new EngineError(stage.typeErrorFormat.replace(/%v/g, () => args[i++]));
}

/** The operators of binary and prefix stages (values, literals and groups carry their own). */
const OPERATORS: Partial<Record<Sym, Operator>> = {
  EQ: (l, r) => deepEqualGo(l, r),
  NEQ: (l, r) => !deepEqualGo(l, r),
  GT: (l, r) => (isString(l) ? compareGoStrings(l, r as string) > 0 : (l as number) > (r as number)),
  LT: (l, r) => (isString(l) ? compareGoStrings(l, r as string) < 0 : (l as number) < (r as number)),
  GTE: (l, r) => (isString(l) ? compareGoStrings(l, r as string) >= 0 : (l as number) >= (r as number)),
  LTE: (l, r) => (isString(l) ? compareGoStrings(l, r as string) <= 0 : (l as number) <= (r as number)),
  REQ: (l, r) => regexMatch(l as string, r),
  NREQ: (l, r) => !regexMatch(l as string, r),
  IN: (l, r) => (r as unknown[]).some((v) => interfaceEqual(l, v)),
  AND: (l, r) => (l as boolean) && (r as boolean),
  OR: (l, r) => (l as boolean) || (r as boolean),
  PLUS: (l, r) => (isString(l) || isString(r) ? formatGoValue(l) + formatGoValue(r) : (l as number) + (r as number)),
  MINUS: (l, r) => (l as number) - (r as number),
  MULTIPLY: (l, r) => (l as number) * (r as number),
  DIVIDE: (l, r) => (l as number) / (r as number),
  MODULUS: (l, r) => (l as number) % (r as number),
  EXPONENT: (l, r) => goPow(l as number, r as number),
  BITWISE_AND: (l, r) => Number(BigInt.asIntN(64, toInt64(l as number) & toInt64(r as number))),
  BITWISE_OR: (l, r) => Number(BigInt.asIntN(64, toInt64(l as number) | toInt64(r as number))),
  BITWISE_XOR: (l, r) => Number(BigInt.asIntN(64, toInt64(l as number) ^ toInt64(r as number))),
  BITWISE_LSHIFT: (l, r) => shift(l as number, r as number, true),
  BITWISE_RSHIFT: (l, r) => shift(l as number, r as number, false),
  NEGATE: (_l, r) => -(r as number),
  INVERT: (_l, r) => !(r as boolean),
  BITWISE_NOT: (_l, r) => Number(BigInt.asIntN(64, ~toInt64(r as number))),
  TERNARY_TRUE: (l, r) => (l ? r : null),
  TERNARY_FALSE: (l, r) => (l !== null ? l : r),
  COALESCE: (l, r) => (l !== null ? l : r),
  SEPARATE: (l, r) => (Array.isArray(l) ? [...l, r] : [l, r]),
};

function regexMatch(s: string, pattern: unknown): boolean {
  if (pattern instanceof GoRegexp) {
    return pattern.test(s);
  }
  let re: GoRegexp;
  try {
    re = GoRegexp.compile(pattern as string);
  } catch (e) {
    throw new EngineError(`Unable to compile regexp pattern '${pattern as string}': ${(e as Error).message}`);
  }
  return re.test(s);
}

/** Go's `math.Pow`, which differs from `**` for a base of ±1 and non-finite exponents. */
function goPow(x: number, y: number): number {
  if (x === 1 || (x === -1 && (y === Infinity || y === -Infinity))) {
    return 1;
  }
  return x ** y;
}

const INT64_MIN = -(2n ** 63n);

/** Go's `int64(f)`; out-of-range values become the minimum, as on amd64. */
function toInt64(f: number): bigint {
  if (!Number.isFinite(f) || f >= 2 ** 63 || f < -(2 ** 63)) {
    return INT64_MIN;
  }
  return BigInt(Math.trunc(f));
}

/** `float64(uint64(l) << uint64(r))` and `>>`. */
function shift(l: number, r: number, leftShift: boolean): number {
  const value = BigInt.asUintN(64, toInt64(l));
  const count = BigInt.asUintN(64, toInt64(r));
  if (count >= 64n) {
    return 0;
  }
  return Number(leftShift ? BigInt.asUintN(64, value << count) : value >> count);
}

/** Go's `==` on two `interface{}` values: a runtime panic for two maps or two slices. */
function interfaceEqual(a: unknown, b: unknown): boolean {
  const ta = goTypeName(a);
  if (ta !== goTypeName(b)) {
    return false;
  }
  if (ta === 'map[string]interface {}' || ta === '[]interface {}') {
    throw new EngineError(`runtime error: comparing uncomparable type ${ta}`);
  }
  return a === b;
}

/** `time.Time.String()` for a UTC instant, as token values print in syntax errors. */
function formatGoTime(unix: number): string {
  const d = new Date(unix * 1000);
  const pad = (n: number, w = 2): string => String(n).padStart(w, '0');
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000 UTC`;
}

// ---------------------------------------------------------------------------------------------
// Date literals
//
// govaluate tries each string literal against a list of Go time layouts (in the local zone, UTC
// in an Argo Events pod) and, when one fits, the literal becomes its Unix time in seconds. The
// numeric layouts are implemented below; the layouts that start with a weekday name (ANSIC,
// UnixDate, RubyDate) and time.Kitchen ("3:04PM") are reported as unsupported.

const DATE_LAYOUTS: RegExp[] = [
  // RFC3339 / RFC3339Nano / ISO 8601 with a time zone
  /^(\d{4})-(\d{2})-(\d{2})T(\d{1,2}):(\d{2}):(\d{2})(?:[.,](\d+))?(Z|[+-]\d{2}:\d{2}|[+-]\d{4})$/,
  // "2006-01-02T15Z0700", "2006-01-02T15:04Z0700"
  /^(\d{4})-(\d{2})-(\d{2})T(\d{1,2})(?::(\d{2}))?()()(Z|[+-]\d{4})$/,
  // "2006-01-02", "2006-01-02 15:04", "2006-01-02 15:04:05", "2006-01-02 15:04:05-07:00"
  /^(\d{4})-(\d{2})-(\d{2})(?: +(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?([+-]\d{2}:\d{2})?)?)?()$/,
];

/** A superset of what the weekday-first layouts accept (Go matches names case-insensitively). */
const WEEKDAY_DATE = /^(?:sun|mon|tue|wed|thu|fri|sat) +(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec) /i;
const KITCHEN_TIME = /^\d{1,2}:\d{2}(?:AM|PM)$/;

/** The Unix time of a date literal, or undefined when the text is an ordinary string. */
function parseDateLiteral(text: string): number | undefined {
  for (const layout of DATE_LAYOUTS) {
    const m = layout.exec(text);
    if (!m) {
      continue;
    }
    const unix = toUnix(m);
    if (unix !== undefined) {
      return unix;
    }
  }
  if (WEEKDAY_DATE.test(text) || KITCHEN_TIME.test(text)) {
    throw new UnsupportedError(`govaluate would read the string literal '${text}' as a date in a layout this engine does not parse`);
  }
  return undefined;
}

function toUnix(m: RegExpExecArray): number | undefined {
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const hour = Number(m[4] ?? 0);
  const minute = Number(m[5] || 0);
  const second = Number(m[6] || 0);
  const zone = m[8] ?? '';
  if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) {
    return undefined;
  }
  if (day < 1 || day > daysIn(month, year)) {
    return undefined;
  }
  let offset = 0;
  if (zone !== '' && zone !== 'Z') {
    const zh = Number(zone.slice(1, 3));
    const zm = Number(zone.slice(-2));
    // Go accepts offsets up to 24 hours and 60 minutes
    if (zh > 24 || zm > 60) {
      return undefined;
    }
    offset = (zh * 60 + zm) * 60 * (zone[0] === '-' ? -1 : 1);
  }
  return daysFromCivil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second - offset;
}

function daysIn(month: number, year: number): number {
  if (month === 2) {
    const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
    return leap ? 29 : 28;
  }
  return [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
}

/** Days since 1970-01-01 in the proleptic Gregorian calendar. */
function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

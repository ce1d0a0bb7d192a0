import { EngineError, UnsupportedError } from './errors';
import {
  GoInt, compareGoStrings, deepEqualGo, formatGoValue, goSprint, goSprintf, goSprintln, goTypeName, isGoMap, isStringer, sortedKeys,
} from './go-format';
import { parseGoInt, parseGoUint, tryParseGoFloat } from './go-strconv';
import { CallContext, FuncError, ParamType, SPRIG_FUNCTIONS, TemplateFunction } from './sprig';

/*
 * Go text/template, as Argo Events runs it: template.New("param").Funcs(sprig.FuncMap()),
 * executed on a JSON-decoded value (see go-format.ts for how Go values are represented).
 *
 * The lexer, parser and evaluator follow text/template's structure closely, because the
 * observable behaviour lives in the details: which node an error is reported at, when a
 * missing map key prints "<no value>", that a nil interface is unwrapped after every pipeline
 * stage, that `eq` refuses to compare float64 with int, and that function arguments are
 * type-checked against the Go signature.
 */

export interface TemplateOptions {
  /** Clock for `now` and date functions. @default the system clock */
  readonly now?: () => Date;
  /** Environment for `env` and `expandenv`. @default an empty environment */
  readonly env?: Record<string, string>;
  /** Template name used in error messages; Argo Events names its templates "param". */
  readonly name?: string;
}

// ---------------------------------------------------------------------------------------------
// Lexer

type ItemType =
  | 'error' | 'bool' | 'char' | 'charConstant' | 'complex' | 'assign' | 'declare' | 'EOF' | 'field'
  | 'identifier' | 'leftDelim' | 'leftParen' | 'number' | 'pipe' | 'rawString' | 'rightDelim'
  | 'rightParen' | 'space' | 'string' | 'text' | 'variable'
  // keywords
  | 'block' | 'break' | 'continue' | 'dot' | 'define' | 'else' | 'end' | 'if' | 'nil' | 'range'
  | 'template' | 'with';

const KEYWORDS: Record<string, ItemType> = {
  '.': 'dot', 'block': 'block', 'break': 'break', 'continue': 'continue', 'define': 'define',
  'else': 'else', 'end': 'end', 'if': 'if', 'range': 'range', 'nil': 'nil', 'template': 'template',
  'with': 'with',
};
const KEYWORD_TYPES = new Set<ItemType>(Object.values(KEYWORDS));

interface Item {
  readonly type: ItemType;
  readonly pos: number;
  readonly val: string;
  readonly line: number;
}

function itemString(i: Item): string {
  if (i.type === 'EOF') return 'EOF';
  if (i.type === 'error') return i.val;
  if (KEYWORD_TYPES.has(i.type)) return `<${i.val}>`;
  if (i.val.length > 10) return `${JSON.stringify(i.val.slice(0, 10))}...`;
  return JSON.stringify(i.val);
}

const isSpace = (c: string | undefined): boolean => c === ' ' || c === '\t' || c === '\r' || c === '\n';
const ALNUM = /^[\p{L}\p{Nd}_]$/u;
const isAlphaNumeric = (c: string | undefined): boolean => c !== undefined && (c === '_' || ALNUM.test(c));

function charName(c: string): string {
  const cp = c.codePointAt(0)!;
  return `U+${cp.toString(16).toUpperCase().padStart(4, '0')} '${c}'`;
}

class Lexer {
  public readonly items: Item[] = [];
  private pos = 0;
  private start = 0;
  private parenDepth = 0;
  private mode: 'text' | 'action' = 'text';
  private readonly lineStarts: number[] = [0];

  constructor(private readonly input: string, private readonly breakOK: boolean) {
    for (let i = 0; i < input.length; i++) if (input.charCodeAt(i) === 10) this.lineStarts.push(i + 1);
  }

  public run(): Item[] {
    // Each step returns false once lexing is over (EOF or error).
    let more = this.lexText();
    while (more) more = this.mode === 'action' ? this.lexInsideAction() : this.lexText();
    return this.items;
  }

  private lineAt(pos: number): number {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid] <= pos) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }

  private emit(type: ItemType): void {
    this.items.push({ type, pos: this.start, val: this.input.slice(this.start, this.pos), line: this.lineAt(this.start) });
    this.start = this.pos;
  }

  private error(msg: string): false {
    this.items.push({ type: 'error', pos: this.start, val: msg, line: this.lineAt(this.start) });
    return false;
  }

  private peekChar(): string | undefined {
    return this.pos < this.input.length ? String.fromCodePoint(this.input.codePointAt(this.pos)!) : undefined;
  }

  private nextChar(): string | undefined {
    const c = this.peekChar();
    if (c !== undefined) this.pos += c.length;
    return c;
  }

  private atRightDelim(): { delim: boolean; trim: boolean } {
    const s = this.input;
    const p = this.pos;
    if (isSpace(s[p]) && s[p + 1] === '-' && s.startsWith('}}', p + 2)) return { delim: true, trim: true };
    if (s.startsWith('}}', p)) return { delim: true, trim: false };
    return { delim: false, trim: false };
  }

  private atTerminator(): boolean {
    const r = this.peekChar();
    if (r === undefined || isSpace(r)) return true;
    if ('.,|:()'.includes(r)) return true;
    return this.input.startsWith('}}', this.pos);
  }

  private lexText(): boolean {
    const x = this.input.indexOf('{{', this.pos);
    if (x < 0) {
      this.pos = this.input.length;
      if (this.pos > this.start) this.emit('text');
      this.emit('EOF');
      return false;
    }
    const trim = this.input[x + 2] === '-' && isSpace(this.input[x + 3]);
    let end = x;
    if (trim) while (end > this.start && isSpace(this.input[end - 1])) end--;
    this.pos = end;
    if (this.pos > this.start) this.emit('text');
    this.pos = x;
    this.start = x;
    return this.lexLeftDelim(trim);
  }

  private lexLeftDelim(trim: boolean): boolean {
    this.pos += 2;
    const afterMarker = trim ? 2 : 0;
    if (this.input.startsWith('/*', this.pos + afterMarker)) {
      this.pos += afterMarker;
      this.start = this.pos;
      return this.lexComment();
    }
    this.emit('leftDelim');
    this.pos += afterMarker;
    this.start = this.pos;
    this.parenDepth = 0;
    this.mode = 'action';
    return true;
  }

  private lexComment(): boolean {
    this.pos += 2;
    const x = this.input.indexOf('*/', this.pos);
    if (x < 0) return this.error('unclosed comment');
    this.pos = x + 2;
    const { delim, trim } = this.atRightDelim();
    if (!delim) return this.error('comment ends before closing delimiter');
    if (trim) this.pos += 2;
    this.pos += 2;
    if (trim) while (isSpace(this.input[this.pos])) this.pos++;
    this.start = this.pos;
    this.mode = 'text';
    return true;
  }

  private lexRightDelim(trim: boolean): boolean {
    if (trim) {
      this.pos += 2;
      this.start = this.pos;
    }
    this.pos += 2;
    this.emit('rightDelim');
    if (trim) {
      while (isSpace(this.input[this.pos])) this.pos++;
      this.start = this.pos;
    }
    this.mode = 'text';
    return true;
  }

  private lexInsideAction(): boolean {
    const { delim, trim } = this.atRightDelim();
    if (delim) {
      if (this.parenDepth === 0) return this.lexRightDelim(trim);
      return this.error('unclosed left paren');
    }
    const r = this.nextChar();
    if (r === undefined) return this.error('unclosed action');
    if (isSpace(r)) {
      this.pos -= r.length;
      return this.lexSpace();
    }
    switch (r) {
      case '=':
        this.emit('assign');
        return true;
      case ':':
        if (this.nextChar() !== '=') return this.error('expected :=');
        this.emit('declare');
        return true;
      case '|':
        this.emit('pipe');
        return true;
      case '"':
        return this.lexQuote('"', 'string', 'unterminated quoted string');
      case "'":
        return this.lexQuote("'", 'charConstant', 'unterminated character constant');
      case '`': {
        const x = this.input.indexOf('`', this.pos);
        if (x < 0) return this.error('unterminated raw quoted string');
        this.pos = x + 1;
        this.emit('rawString');
        return true;
      }
      case '$':
        return this.lexFieldOrVariable('variable');
      case '(':
        this.parenDepth++;
        this.emit('leftParen');
        return true;
      case ')':
        this.parenDepth--;
        if (this.parenDepth < 0) return this.error('unexpected right paren');
        this.emit('rightParen');
        return true;
      default:
        break;
    }
    if (r === '.') {
      const c = this.input[this.pos];
      if (c === undefined || c < '0' || c > '9') return this.lexFieldOrVariable('field');
    }
    if (r === '.' || r === '+' || r === '-' || (r >= '0' && r <= '9')) {
      this.pos -= r.length;
      return this.lexNumber();
    }
    if (isAlphaNumeric(r)) {
      this.pos -= r.length;
      return this.lexIdentifier();
    }
    if (r.codePointAt(0)! < 0x80 && r >= ' ' && r !== '\x7f') {
      this.emit('char');
      return true;
    }
    return this.error(`unrecognized character in action: ${charName(r)}`);
  }

  private lexSpace(): boolean {
    let n = 0;
    while (isSpace(this.peekChar())) {
      this.pos++;
      n++;
    }
    const p = this.pos - 1;
    if (this.input[p + 1] === '-' && this.input.startsWith('}}', p + 2)) {
      this.pos--;
      if (n === 1) {
        this.start = this.pos;
        return true;
      }
    }
    this.emit('space');
    return true;
  }

  private lexIdentifier(): boolean {
    let r: string | undefined;
    for (;;) {
      r = this.peekChar();
      if (!isAlphaNumeric(r)) break;
      this.pos += r!.length;
    }
    if (!this.atTerminator()) return this.error(`bad character ${charName(r!)}`);
    const word = this.input.slice(this.start, this.pos);
    const kw = KEYWORDS[word];
    if (kw !== undefined && Object.prototype.hasOwnProperty.call(KEYWORDS, word)) {
      this.emit((kw === 'break' || kw === 'continue') && !this.breakOK ? 'identifier' : kw);
    } else if (word === 'true' || word === 'false') {
      this.emit('bool');
    } else {
      this.emit('identifier');
    }
    return true;
  }

  private lexFieldOrVariable(type: 'field' | 'variable'): boolean {
    if (this.atTerminator()) {
      this.emit(type === 'variable' ? 'variable' : 'dot');
      return true;
    }
    let r: string | undefined;
    for (;;) {
      r = this.peekChar();
      if (!isAlphaNumeric(r)) break;
      this.pos += r!.length;
    }
    if (!this.atTerminator()) return this.error(`bad character ${charName(r!)}`);
    this.emit(type);
    return true;
  }

  private accept(valid: string): boolean {
    const c = this.input[this.pos];
    if (c !== undefined && valid.includes(c)) {
      this.pos++;
      return true;
    }
    return false;
  }

  private acceptRun(valid: string): void {
    while (this.accept(valid));
  }

  private scanNumber(): boolean {
    this.accept('+-');
    let digits = '0123456789_';
    if (this.accept('0')) {
      if (this.accept('xX')) digits = '0123456789abcdefABCDEF_';
      else if (this.accept('oO')) digits = '01234567_';
      else if (this.accept('bB')) digits = '01_';
    }
    this.acceptRun(digits);
    if (this.accept('.')) this.acceptRun(digits);
    if (digits.length === 11 && this.accept('eE')) {
      this.accept('+-');
      this.acceptRun('0123456789_');
    }
    if (digits.length === 23 && this.accept('pP')) {
      this.accept('+-');
      this.acceptRun('0123456789_');
    }
    this.accept('i');
    if (isAlphaNumeric(this.peekChar())) {
      this.nextChar();
      return false;
    }
    return true;
  }

  private lexNumber(): boolean {
    if (!this.scanNumber()) return this.error(`bad number syntax: ${JSON.stringify(this.input.slice(this.start, this.pos))}`);
    const sign = this.input[this.pos];
    if (sign === '+' || sign === '-') {
      if (!this.scanNumber() || this.input[this.pos - 1] !== 'i') {
        return this.error(`bad number syntax: ${JSON.stringify(this.input.slice(this.start, this.pos))}`);
      }
      this.emit('complex');
    } else {
      this.emit('number');
    }
    return true;
  }

  private lexQuote(quote: string, type: ItemType, unterminated: string): boolean {
    for (;;) {
      const c = this.nextChar();
      if (c === '\\') {
        const e = this.nextChar();
        if (e !== undefined && e !== '\n') continue;
        return this.error(unterminated);
      }
      if (c === undefined || c === '\n') return this.error(unterminated);
      if (c === quote) break;
    }
    this.emit(type);
    return true;
  }
}

// ---------------------------------------------------------------------------------------------
// Parse tree

interface NumberValue {
  readonly isInt: boolean;
  readonly isUint: boolean;
  readonly isFloat: boolean;
  readonly int: bigint;
  readonly float: number;
  readonly text: string;
}

type ArgNode =
  | { kind: 'field'; pos: number; ident: string[] }
  | { kind: 'variable'; pos: number; ident: string[] }
  | { kind: 'identifier'; pos: number; name: string }
  | { kind: 'dot'; pos: number }
  | { kind: 'nil'; pos: number }
  | { kind: 'bool'; pos: number; value: boolean }
  | { kind: 'number'; pos: number; num: NumberValue }
  | { kind: 'string'; pos: number; quoted: string; text: string }
  | { kind: 'chain'; pos: number; node: ArgNode; field: string[] }
  | PipeNode;

interface CommandNode {
  readonly kind: 'command';
  readonly pos: number;
  readonly args: ArgNode[];
}

interface PipeNode {
  readonly kind: 'pipe';
  readonly pos: number;
  isAssign: boolean;
  readonly decl: { pos: number; name: string }[];
  readonly cmds: CommandNode[];
}

interface ControlNode {
  readonly kind: 'if' | 'with' | 'range';
  readonly pos: number;
  readonly pipe: PipeNode;
  readonly list: Node[];
  readonly elseList?: Node[];
}

type Node =
  | { kind: 'text'; pos: number; text: string }
  | { kind: 'action'; pos: number; pipe: PipeNode }
  | ControlNode
  | { kind: 'template'; pos: number; name: string; pipe?: PipeNode }
  | { kind: 'break' | 'continue'; pos: number };

type Marker = { kind: 'end' | 'else'; pos: number };

function argString(n: ArgNode): string {
  switch (n.kind) {
    case 'field': return `.${n.ident.join('.')}`;
    case 'variable': return n.ident.join('.');
    case 'identifier': return n.name;
    case 'dot': return '.';
    case 'nil': return 'nil';
    case 'bool': return String(n.value);
    case 'number': return n.num.text;
    case 'string': return n.quoted;
    case 'chain': {
      const base = n.node.kind === 'pipe' ? `(${pipeString(n.node)})` : argString(n.node);
      return `${base}.${n.field.join('.')}`;
    }
    case 'pipe': return pipeString(n);
  }
}

function commandString(c: CommandNode): string {
  return c.args.map((a) => (a.kind === 'pipe' ? `(${pipeString(a)})` : argString(a))).join(' ');
}

function pipeString(p: PipeNode): string {
  let s = '';
  if (p.decl.length > 0) s = `${p.decl.map((d) => d.name).join(', ')} ${p.isAssign ? '=' : ':='} `;
  return s + p.cmds.map(commandString).join(' | ');
}

/** Go's strconv.Unquote for double-quoted, back-quoted and single-quoted literals. */
function unquote(lit: string): string | undefined {
  const q = lit[0];
  if (q === '`') return lit.slice(1, -1).replace(/\r/g, '');
  const body = lit.slice(1, -1);
  const bytes: number[] = [];
  const pushStr = (s: string): void => {
    for (const b of Buffer.from(s, 'utf8')) bytes.push(b);
  };
  for (let i = 0; i < body.length;) {
    const c = body[i];
    if (c === q) return undefined;
    if (c !== '\\') {
      const ch = String.fromCodePoint(body.codePointAt(i)!);
      pushStr(ch);
      i += ch.length;
      continue;
    }
    const e = body[i + 1];
    i += 2;
    const simple: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\' };
    if (e in simple) {
      pushStr(simple[e]);
    } else if (e === q) {
      pushStr(q);
    } else if (e === 'x') {
      const h = body.slice(i, i + 2);
      if (!/^[0-9a-fA-F]{2}$/.test(h)) return undefined;
      bytes.push(parseInt(h, 16));
      i += 2;
    } else if (e === 'u' || e === 'U') {
      const len = e === 'u' ? 4 : 8;
      const h = body.slice(i, i + len);
      if (!new RegExp(`^[0-9a-fA-F]{${len}}$`).test(h)) return undefined;
      const cp = parseInt(h, 16);
      if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return undefined;
      pushStr(String.fromCodePoint(cp));
      i += len;
    } else if (e >= '0' && e <= '7') {
      const o = body.slice(i - 1, i + 2);
      if (!/^[0-7]{3}$/.test(o) || parseInt(o, 8) > 255) return undefined;
      bytes.push(parseInt(o, 8));
      i += 2;
    } else {
      return undefined;
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/** Parses a Go number literal the way text/template's parse.newNumber does. */
function parseNumber(text: string, type: ItemType): NumberValue | string {
  if (type === 'complex' || text.endsWith('i')) return 'complex';
  if (type === 'charConstant') {
    const s = unquote(text);
    if (s === undefined || [...s].length !== 1) return `malformed character constant: ${text}`;
    const cp = BigInt(s.codePointAt(0)!);
    return { isInt: true, isUint: true, isFloat: true, int: cp, float: Number(cp), text };
  }
  // Literals beyond int64 but within uint64 are valid Go constants too.
  const u = parseGoUint(text);
  const i = parseGoInt(text);
  let isInt = i !== undefined;
  // -0 is an unsigned zero as well.
  let isUint = u !== undefined || i === 0n;
  let isFloat = false;
  let int = i ?? u ?? 0n;
  let float = 0;
  if (isInt || isUint) {
    isFloat = true;
    float = Number(int);
  } else {
    if (/^[+-]?0[xX]/.test(text)) throw new UnsupportedError(`hexadecimal floating-point literal ${text} is not supported`);
    const f = tryParseGoFloat(text);
    if (f === undefined) return `illegal number syntax: ${JSON.stringify(text)}`;
    if (!/[.eEpP]/.test(text)) return `integer overflow: ${JSON.stringify(text)}`;
    isFloat = true;
    float = f;
    if (Number.isInteger(f) && Math.abs(f) < 2 ** 63) {
      isInt = true;
      int = BigInt(f);
      isUint = f >= 0;
    }
  }
  return { isInt, isUint, isFloat, int, float, text };
}

interface Tree {
  readonly name: string;
  readonly root: Node[];
}

interface ParsedTemplate {
  readonly name: string;
  readonly text: string;
  readonly trees: Map<string, Tree>;
}

class ParseError extends Error {}

const isEmptyTree = (list: Node[]): boolean => list.every((n) => n.kind === 'text' && n.text.trim() === '');

class Parser {
  private items: Item[] = [];
  private index = 0;
  private vars: string[] = ['$'];
  private rangeDepth = 0;
  private actionLine = 0;
  private lastLine = 1;

  constructor(
    private readonly parseName: string,
    private readonly text: string,
    private readonly trees: Map<string, Tree>,
    private readonly hasFunction: (name: string) => boolean,
  ) {}

  public parse(): void {
    this.items = new Lexer(this.text, !this.hasFunction('break')).run();
    const root: Node[] = [];
    while (this.peek().type !== 'EOF') {
      if (this.peek().type === 'leftDelim') {
        const delim = this.next();
        if (this.nextNonSpace().type === 'define') {
          this.parseDefinition();
          continue;
        }
        this.index = this.items.indexOf(delim);
      }
      const n = this.textOrAction();
      if (n.kind === 'end' || n.kind === 'else') this.errorf(`unexpected {{${n.kind}}}`);
      root.push(n as Node);
    }
    // The top-level template is added only if it has content or has not been defined.
    this.addTree(this.parseName, root);
  }

  private errorf(msg: string): never {
    throw new ParseError(`template: ${this.parseName}:${this.lastLine}: ${msg}`);
  }

  private next(): Item {
    const i = this.items[Math.min(this.index, this.items.length - 1)];
    this.index++;
    this.lastLine = i.line;
    return i;
  }

  private peek(): Item {
    return this.items[Math.min(this.index, this.items.length - 1)];
  }

  private nextNonSpace(): Item {
    let i: Item;
    do i = this.next(); while (i.type === 'space');
    return i;
  }

  /** Like Go's peekNonSpace: the spaces before the token stay consumed. */
  private peekNonSpace(): Item {
    const i = this.nextNonSpace();
    this.index--;
    return i;
  }

  private unexpected(i: Item, context: string): never {
    if (i.type === 'error') {
      let extra = '';
      if (this.actionLine !== 0 && this.actionLine !== i.line) {
        extra = ` in ${context}`;
        if (i.val.endsWith(' action')) extra = extra.slice(' in action'.length);
      }
      this.errorf(`${i.val}${extra}`);
    }
    this.errorf(`unexpected ${itemString(i)} in ${context}`);
  }

  private expect(type: ItemType, context: string): Item {
    const i = this.nextNonSpace();
    if (i.type !== type) this.unexpected(i, context);
    return i;
  }

  private parseTemplateName(i: Item, context: string): string {
    if (i.type === 'string' || i.type === 'rawString') {
      const s = unquote(i.val);
      if (s === undefined) this.errorf(`invalid syntax: ${i.val}`);
      return s;
    }
    this.unexpected(i, context);
  }

  private parseDefinition(): void {
    const context = 'define clause';
    const name = this.parseTemplateName(this.nextNonSpace(), context);
    this.expect('rightDelim', context);
    const savedVars = this.vars;
    this.vars = ['$'];
    const [list, end] = this.itemList();
    if (end.kind !== 'end') this.errorf(`unexpected {{${end.kind}}} in ${context}`);
    this.vars = savedVars;
    this.addTree(name, list);
  }

  private addTree(name: string, root: Node[]): void {
    const existing = this.trees.get(name);
    if (!existing || isEmptyTree(existing.root)) {
      this.trees.set(name, { name, root });
      return;
    }
    if (!isEmptyTree(root)) this.errorf(`template: multiple definition of template ${JSON.stringify(name)}`);
  }

  private itemList(): [Node[], Marker] {
    const list: Node[] = [];
    while (this.peekNonSpace().type !== 'EOF') {
      const n = this.textOrAction();
      if (n.kind === 'end' || n.kind === 'else') return [list, n as Marker];
      list.push(n as Node);
    }
    this.errorf('unexpected EOF');
  }

  private textOrAction(): Node | Marker {
    const token = this.nextNonSpace();
    switch (token.type) {
      case 'text':
        return { kind: 'text', pos: token.pos, text: token.val };
      case 'leftDelim': {
        this.actionLine = token.line;
        try {
          return this.action();
        } finally {
          this.actionLine = 0;
        }
      }
      default:
        this.unexpected(token, 'input');
    }
  }

  private action(): Node | Marker {
    const token = this.nextNonSpace();
    switch (token.type) {
      case 'block': return this.blockControl();
      case 'break':
      case 'continue': {
        const t = this.nextNonSpace();
        if (t.type !== 'rightDelim') this.unexpected(t, `{{${token.type}}}`);
        if (this.rangeDepth === 0) this.errorf(`{{${token.type}}} outside {{range}}`);
        return { kind: token.type, pos: token.pos };
      }
      case 'else': {
        const peek = this.peekNonSpace();
        if (peek.type === 'if' || peek.type === 'with') return { kind: 'else', pos: peek.pos };
        return { kind: 'else', pos: this.expect('rightDelim', 'else').pos };
      }
      case 'end':
        return { kind: 'end', pos: this.expect('rightDelim', 'end').pos };
      case 'if':
      case 'range':
      case 'with':
        return this.control(token.type);
      case 'template':
        return this.templateControl();
      default:
        break;
    }
    this.index--;
    const token2 = this.peek();
    const pipe = this.pipeline('command', 'rightDelim');
    return { kind: 'action', pos: token2.pos, pipe };
  }

  private control(context: 'if' | 'range' | 'with'): Node {
    const mark = this.vars.length;
    try {
      const pipe = this.pipeline(context, 'rightDelim');
      if (context === 'range') this.rangeDepth++;
      const [list, next] = this.itemList();
      if (context === 'range') this.rangeDepth--;
      let elseList: Node[] | undefined;
      if (next.kind === 'else') {
        if ((context === 'if' && this.peek().type === 'if') || (context === 'with' && this.peek().type === 'with')) {
          this.next();
          elseList = [this.control(context)];
        } else {
          const [l, end] = this.itemList();
          if (end.kind !== 'end') this.errorf(`expected end; found {{${end.kind}}}`);
          elseList = l;
        }
      }
      return { kind: context, pos: pipe.pos, pipe, list, elseList };
    } finally {
      this.vars.length = mark;
    }
  }

  private templateControl(): Node {
    const context = 'template clause';
    const token = this.nextNonSpace();
    const name = this.parseTemplateName(token, context);
    let pipe: PipeNode | undefined;
    if (this.nextNonSpace().type !== 'rightDelim') {
      this.index--;
      pipe = this.pipeline(context, 'rightDelim');
    }
    return { kind: 'template', pos: token.pos, name, pipe };
  }

  private blockControl(): Node {
    const context = 'block clause';
    const token = this.nextNonSpace();
    const name = this.parseTemplateName(token, context);
    const pipe = this.pipeline(context, 'rightDelim');
    const savedVars = this.vars;
    this.vars = ['$'];
    const [list, end] = this.itemList();
    if (end.kind !== 'end') this.errorf(`unexpected {{${end.kind}}} in ${context}`);
    this.vars = savedVars;
    this.addTree(name, list);
    return { kind: 'template', pos: token.pos, name, pipe };
  }

  private pipeline(context: string, end: ItemType): PipeNode {
    const start = this.peekNonSpace();
    const pipe: PipeNode = { kind: 'pipe', pos: start.pos, isAssign: false, decl: [], cmds: [] };
    decls: for (;;) {
      const v = this.peekNonSpace();
      if (v.type !== 'variable') break;
      const save = this.index;
      this.nextNonSpace();
      const next = this.peekNonSpace();
      if (next.type === 'assign' || next.type === 'declare') {
        pipe.isAssign = next.type === 'assign';
        this.nextNonSpace();
        pipe.decl.push({ pos: v.pos, name: v.val });
        this.vars.push(v.val);
        break;
      }
      if (next.type === 'char' && next.val === ',') {
        this.nextNonSpace();
        pipe.decl.push({ pos: v.pos, name: v.val });
        this.vars.push(v.val);
        if (context === 'range' && pipe.decl.length < 2) {
          const t = this.peekNonSpace().type;
          if (t === 'variable' || t === 'rightDelim' || t === 'rightParen') continue decls;
          this.errorf('range can only initialize variables');
        }
        this.errorf(`too many declarations in ${context}`);
      }
      this.index = save;
      break;
    }
    for (;;) {
      const token = this.nextNonSpace();
      if (token.type === end) {
        if (pipe.cmds.length === 0) this.errorf(`missing value for ${context}`);
        for (let i = 1; i < pipe.cmds.length; i++) {
          const k = pipe.cmds[i].args[0].kind;
          if (k === 'bool' || k === 'dot' || k === 'nil' || k === 'number' || k === 'string') {
            this.errorf(`non executable command in pipeline stage ${i + 1}`);
          }
        }
        return pipe;
      }
      switch (token.type) {
        case 'bool': case 'charConstant': case 'complex': case 'dot': case 'field': case 'identifier':
        case 'number': case 'nil': case 'rawString': case 'string': case 'variable': case 'leftParen':
          this.index--;
          pipe.cmds.push(this.command());
          break;
        default:
          this.unexpected(token, context);
      }
    }
  }

  private command(): CommandNode {
    const cmd: CommandNode = { kind: 'command', pos: this.peekNonSpace().pos, args: [] };
    for (;;) {
      this.peekNonSpace();
      const operand = this.operand();
      if (operand) cmd.args.push(operand);
      const token = this.next();
      if (token.type === 'space') continue;
      if (token.type === 'rightDelim' || token.type === 'rightParen') this.index--;
      else if (token.type !== 'pipe') this.unexpected(token, 'operand');
      break;
    }
    if (cmd.args.length === 0) this.errorf('empty command');
    return cmd;
  }

  private operand(): ArgNode | undefined {
    const node = this.term();
    if (!node) return undefined;
    if (this.peek().type !== 'field') return node;
    const chainPos = this.peek().pos;
    const fields: string[] = [];
    while (this.peek().type === 'field') fields.push(this.next().val.slice(1));
    switch (node.kind) {
      case 'field': return { kind: 'field', pos: chainPos, ident: [...node.ident, ...fields] };
      case 'variable': return { kind: 'variable', pos: chainPos, ident: [...node.ident, ...fields] };
      case 'bool': case 'string': case 'number': case 'nil': case 'dot':
        return this.errorf(`unexpected . after term ${JSON.stringify(argString(node))}`);
      default:
        return { kind: 'chain', pos: chainPos, node, field: fields };
    }
  }

  private term(): ArgNode | undefined {
    const token = this.nextNonSpace();
    switch (token.type) {
      case 'identifier':
        if (!this.hasFunction(token.val)) this.errorf(`function ${JSON.stringify(token.val)} not defined`);
        return { kind: 'identifier', pos: token.pos, name: token.val };
      case 'dot':
        return { kind: 'dot', pos: token.pos };
      case 'nil':
        return { kind: 'nil', pos: token.pos };
      case 'variable':
        if (!this.vars.includes(token.val)) this.errorf(`undefined variable ${JSON.stringify(token.val)}`);
        return { kind: 'variable', pos: token.pos, ident: [token.val] };
      case 'field':
        return { kind: 'field', pos: token.pos, ident: [token.val.slice(1)] };
      case 'bool':
        return { kind: 'bool', pos: token.pos, value: token.val === 'true' };
      case 'charConstant':
      case 'complex':
      case 'number': {
        const num = parseNumber(token.val, token.type);
        if (num === 'complex') throw new UnsupportedError(`complex number constant ${token.val} is not supported`);
        if (typeof num === 'string') this.errorf(num);
        return { kind: 'number', pos: token.pos, num };
      }
      case 'leftParen':
        return this.pipeline('parenthesized pipeline', 'rightParen');
      case 'string':
      case 'rawString': {
        const text = unquote(token.val);
        if (text === undefined) this.errorf('invalid syntax');
        return { kind: 'string', pos: token.pos, quoted: token.val, text };
      }
      default:
        this.index--;
        return undefined;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Builtin functions (text/template's funcs.go)

const MISSING = Symbol('missing');
type Final = unknown;

class ExecError extends Error {}

/** Replaces a nil interface by the invalid value, as text/template's indirectInterface does. */
function indirectInterface(v: unknown): unknown {
  return v === null ? undefined : v;
}

function isTrue(v: unknown): boolean {
  if (v === undefined || v === null) return false;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string') return v.length > 0;
  if (typeof v === 'number') return v !== 0;
  if (v instanceof GoInt) return v.value !== 0n;
  if (Array.isArray(v)) return v.length > 0;
  if (isStringer(v) || typeof v === 'function') return true;
  return Object.keys(v as object).length > 0;
}

type Kind = 'invalid' | 'bool' | 'int' | 'uint' | 'float' | 'string' | 'other';

function basicKind(v: unknown): Kind {
  if (v === undefined || v === null) return 'invalid';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return 'float';
  if (typeof v === 'string') return 'string';
  if (v instanceof GoInt) return v.type === 'uint8' ? 'uint' : 'int';
  return 'other';
}

const ZERO_VALUE_PANIC = 'reflect: call of reflect.Value.Type on zero Value';

function incompatible(a: unknown, b: unknown): FuncError {
  return new FuncError(`incompatible types for comparison: ${goTypeName(a)} and ${goTypeName(b)}`);
}

/** reflect.Kind of the values that basicKind does not classify. */
function reflectKind(v: unknown): string {
  if (Array.isArray(v)) return 'slice';
  return isGoMap(v) ? 'map' : 'struct';
}

function eqPair(a: unknown, b: unknown): boolean {
  const k1 = basicKind(a);
  const k2 = basicKind(b);
  if (k1 !== k2) {
    if ((k1 === 'int' || k1 === 'uint') && (k2 === 'int' || k2 === 'uint')) {
      return (a as GoInt).value === (b as GoInt).value;
    }
    if (a !== undefined && b !== undefined) throw incompatible(a, b);
    return false;
  }
  switch (k1) {
    case 'bool':
    case 'float':
    case 'string':
      return a === b;
    case 'int':
    case 'uint':
      return (a as GoInt).value === (b as GoInt).value;
    default:
      // Two missing values are equal (both nil); a missing value equals nothing else.
      if (a === undefined || b === undefined) return a === b;
      if (reflectKind(a) !== reflectKind(b)) {
        throw new FuncError(`non-comparable types ${formatGoValue(a)}: ${goTypeName(a)}, ${goTypeName(b)}: ${formatGoValue(b)}`);
      }
      if (Array.isArray(b) || isGoMap(b)) throw new FuncError(`non-comparable type ${formatGoValue(b)}: ${goTypeName(b)}`);
      return deepEqualGo(a, b);
  }
}

function eq(args: unknown[]): boolean {
  const a = indirectInterface(args[0]);
  if (args.length < 2) throw new FuncError('missing argument for comparison');
  for (let i = 1; i < args.length; i++) {
    if (eqPair(a, indirectInterface(args[i]))) return true;
  }
  return false;
}

function lt(x: unknown, y: unknown): boolean {
  const a = indirectInterface(x);
  const b = indirectInterface(y);
  const k1 = basicKind(a);
  const k2 = basicKind(b);
  if (k1 === 'invalid' || k1 === 'other' || k2 === 'invalid' || k2 === 'other') {
    throw new FuncError('invalid type for comparison');
  }
  if (k1 !== k2) {
    if ((k1 === 'int' || k1 === 'uint') && (k2 === 'int' || k2 === 'uint')) return (a as GoInt).value < (b as GoInt).value;
    throw incompatible(a, b);
  }
  switch (k1) {
    case 'bool': throw new FuncError('invalid type for comparison');
    case 'float': return (a as number) < (b as number);
    case 'string': return compareGoStrings(a as string, b as string) < 0;
    default: return (a as GoInt).value < (b as GoInt).value;
  }
}

function utf8Length(s: string): number {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return Buffer.byteLength(s, 'utf8');
  return s.length;
}

function indexArg(index: unknown, size: number): number {
  const v = indirectInterface(index);
  if (v === undefined) throw new FuncError('cannot index slice/array with nil');
  if (!(v instanceof GoInt)) throw new FuncError(`cannot index slice/array with type ${goTypeName(v)}`);
  const x = v.value;
  if (x < 0n || x > BigInt(size)) throw new FuncError(`index out of range: ${x}`);
  return Number(x);
}

function index(args: unknown[]): unknown {
  let item = indirectInterface(args[0]);
  if (item === undefined) throw new FuncError('index of untyped nil');
  for (const idx of args.slice(1)) {
    if (item === null) throw new FuncError('index of nil pointer');
    if (typeof item === 'string') {
      const bytes = Buffer.from(item, 'utf8');
      const x = indexArg(idx, bytes.length);
      if (x === bytes.length) throw new FuncError('reflect: string index out of range');
      item = GoInt.uint8(bytes[x]);
    } else if (Array.isArray(item)) {
      const x = indexArg(idx, item.length);
      if (x === item.length) throw new FuncError('reflect: slice index out of range');
      item = item[x];
    } else if (isGoMap(item)) {
      const key = indirectInterface(idx);
      if (key === undefined) throw new FuncError('value is nil; should be of type string');
      if (typeof key !== 'string') throw new FuncError(`value has type ${goTypeName(key)}; should be string`);
      item = Object.prototype.hasOwnProperty.call(item, key) ? item[key] : null;
    } else {
      throw new FuncError(`can't index item of type ${goTypeName(item)}`);
    }
  }
  return item;
}

function sliceBuiltin(args: unknown[]): unknown {
  const item = indirectInterface(args[0]);
  const indexes = args.slice(1);
  if (item === undefined) throw new FuncError('slice of untyped nil');
  if (indexes.length > 3) throw new FuncError(`too many slice indexes: ${indexes.length}`);
  let len: number;
  let bytes: Buffer | undefined;
  if (typeof item === 'string') {
    if (indexes.length === 3) throw new FuncError('cannot 3-index slice a string');
    bytes = Buffer.from(item, 'utf8');
    len = bytes.length;
  } else if (Array.isArray(item)) {
    len = item.length;
  } else {
    throw new FuncError(`can't slice item of type ${goTypeName(item)}`);
  }
  const idx = [0, len, len];
  indexes.forEach((x, i) => {
    idx[i] = indexArg(x, len);
  });
  if (idx[0] > idx[1]) throw new FuncError(`invalid slice index: ${idx[0]} > ${idx[1]}`);
  if (indexes.length === 3 && idx[1] > idx[2]) throw new FuncError(`invalid slice index: ${idx[1]} > ${idx[2]}`);
  return bytes ? bytes.subarray(idx[0], idx[1]).toString('utf8') : (item as unknown[]).slice(idx[0], idx[1]);
}

function length(v: unknown): GoInt {
  if (v === null) throw new FuncError('len of nil pointer');
  if (v === undefined) throw new FuncError(ZERO_VALUE_PANIC);
  if (typeof v === 'string') return GoInt.int(utf8Length(v));
  if (Array.isArray(v)) return GoInt.int(v.length);
  if (isGoMap(v)) return GoInt.int(Object.keys(v).length);
  throw new FuncError(`len of type ${goTypeName(v)}`);
}

/** text/template's evalArgs: a lone string as is, otherwise fmt.Sprint of printable values. */
function evalArgs(args: unknown[]): string {
  if (args.length === 1 && typeof args[0] === 'string') return args[0];
  return goSprint(args.map((a) => (a === undefined || a === null ? '<no value>' : a)));
}

function htmlEscape(s: string): string {
  return s.replace(/[\0"'&<>]/g, (c) => ({ '\0': '\uFFFD', '"': '&#34;', "'": '&#39;', '&': '&amp;', '<': '&lt;', '>': '&gt;' }[c]!));
}

const JS_PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;

function jsEscape(s: string): string {
  let out = '';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    switch (ch) {
      case '\\': out += '\\\\'; break;
      case "'": out += "\\'"; break;
      case '"': out += '\\"'; break;
      case '<': out += '\\u003C'; break;
      case '>': out += '\\u003E'; break;
      case '&': out += '\\u0026'; break;
      case '=': out += '\\u003D'; break;
      default:
        if (cp < 0x20) out += `\\u00${cp.toString(16).toUpperCase().padStart(2, '0')}`;
        else if (cp < 0x80 || JS_PRINTABLE.test(ch)) out += ch;
        else out += `\\u${cp.toString(16).toUpperCase().padStart(4, '0')}`;
    }
  }
  return out;
}

function queryEscape(s: string): string {
  let out = '';
  for (const b of Buffer.from(s, 'utf8')) {
    const c = String.fromCharCode(b);
    if (/[A-Za-z0-9\-_.~]/.test(c)) out += c;
    else if (c === ' ') out += '+';
    else out += `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

const fn = (params: ParamType[], call: TemplateFunction['call'], variadic?: ParamType): TemplateFunction => ({ params, variadic, call });

// `and`, `or` (short-circuit) and `call` are evaluated by State.evalCall itself; their entries
// here give the signatures that the argument count is checked against.
const SPECIAL = (): never => {
  throw new Error('evaluated by State.evalCall');
};

const BUILTINS: Record<string, TemplateFunction> = {
  and: fn(['value'], SPECIAL, 'value'),
  or: fn(['value'], SPECIAL, 'value'),
  not: fn(['value'], (a) => !isTrue(indirectInterface(a[0]))),
  len: fn(['value'], (a) => length(a[0])),
  index: fn(['value'], index, 'value'),
  slice: fn(['value'], sliceBuiltin, 'value'),
  print: fn([], (a) => goSprint(a), 'any'),
  printf: fn(['string'], (a) => goSprintf(a[0] as string, a.slice(1)), 'any'),
  println: fn([], (a) => goSprintln(a), 'any'),
  html: fn([], (a) => htmlEscape(evalArgs(a)), 'any'),
  js: fn([], (a) => jsEscape(evalArgs(a)), 'any'),
  urlquery: fn([], (a) => queryEscape(evalArgs(a)), 'any'),
  eq: fn(['value'], eq, 'value'),
  ne: fn(['value', 'value'], (a) => !eq(a)),
  lt: fn(['value', 'value'], (a) => lt(a[0], a[1])),
  le: fn(['value', 'value'], (a) => lt(a[0], a[1]) || eq(a)),
  gt: fn(['value', 'value'], (a) => !(lt(a[0], a[1]) || eq(a))),
  ge: fn(['value', 'value'], (a) => !lt(a[0], a[1])),
  call: fn(['value'], SPECIAL, 'value'),
};

// ---------------------------------------------------------------------------------------------
// Execution

const GO_TYPE_OF_PARAM: Record<ParamType, string> = {
  any: 'interface {}', value: 'reflect.Value', string: 'string', int: 'int', int64: 'int64',
  float64: 'float64', bool: 'bool', map: 'map[string]interface {}', time: 'time.Time',
};

function assignable(v: unknown, t: ParamType): boolean {
  switch (t) {
    case 'any':
    case 'value':
      return true;
    case 'string': return typeof v === 'string';
    case 'bool': return typeof v === 'boolean';
    case 'float64': return typeof v === 'number';
    case 'int': return v instanceof GoInt && v.type === 'int';
    case 'int64': return v instanceof GoInt && v.type === 'int64';
    case 'map': return isGoMap(v);
    case 'time': return isStringer(v) && v.goType === 'time.Time';
  }
}

const BREAK = Symbol('break');
const CONTINUE = Symbol('continue');
const MAX_EXEC_DEPTH = 1000;

type At = number | ArgNode | CommandNode | { pos: number; text: string };

function atPos(n: At): number {
  return typeof n === 'number' ? n : n.pos;
}

function atContext(n: At, pipe?: PipeNode): string {
  if (typeof n === 'number') return pipe ? pipeString(pipe) : '';
  if ('text' in n && !('kind' in n)) return n.text;
  if ((n as CommandNode).kind === 'command') return commandString(n as CommandNode);
  return argString(n as ArgNode);
}

class State {
  private vars: { name: string; value: unknown }[];
  // The node errors are reported at; its text is only built when an error occurs.
  private node: At = 0;
  private nodePipe?: PipeNode;
  public out = '';
  private depth = 0;

  constructor(
    private readonly tmpl: ParsedTemplate,
    private tree: Tree,
    dot: unknown,
    private readonly ctx: CallContext,
  ) {
    this.vars = [{ name: '$', value: dot }];
  }

  private at(n: At, pipe?: PipeNode): void {
    this.node = n;
    this.nodePipe = pipe;
  }

  private errorf(msg: string): never {
    const pos = atPos(this.node);
    const text = this.tmpl.text.slice(0, pos);
    const nl = text.lastIndexOf('\n');
    const col = nl < 0 ? pos : pos - nl - 1;
    const line = 1 + (text.match(/\n/g)?.length ?? 0);
    const location = `${this.tmpl.name}:${line}:${col}`;
    const context = atContext(this.node, this.nodePipe);
    throw new ExecError(`template: ${location}: executing ${JSON.stringify(this.tree.name)} at <${context}>: ${msg}`);
  }

  private setVar(name: string, value: unknown): void {
    for (let i = this.vars.length - 1; i >= 0; i--) {
      if (this.vars[i].name === name) {
        this.vars[i].value = value;
        return;
      }
    }
    this.errorf(`undefined variable: ${name}`);
  }

  private varValue(name: string): unknown {
    for (let i = this.vars.length - 1; i >= 0; i--) if (this.vars[i].name === name) return this.vars[i].value;
    return this.errorf(`undefined variable: ${name}`);
  }

  public walk(dot: unknown, list: Node[]): void {
    for (const node of list) this.walkNode(dot, node);
  }

  private walkNode(dot: unknown, node: Node): void {
    switch (node.kind) {
      case 'text':
        this.out += node.text;
        return;
      case 'action': {
        const val = this.evalPipeline(dot, node.pipe);
        if (node.pipe.decl.length === 0) this.printValue(node.pipe, val);
        return;
      }
      case 'if':
      case 'with':
        this.walkIfOrWith(node.kind, dot, node.pipe, node.list, node.elseList);
        return;
      case 'range':
        this.walkRange(dot, node);
        return;
      case 'template':
        this.walkTemplate(dot, node);
        return;
      case 'break':
        throw BREAK;
      case 'continue':
        throw CONTINUE;
    }
  }

  private printValue(pipe: PipeNode, v: unknown): void {
    if (v === undefined) {
      this.out += '<no value>';
      return;
    }
    if (typeof v === 'function') {
      this.at(pipe.pos, pipe);
      this.errorf(`can't print ${pipeString(pipe)} of type func`);
    }
    this.out += typeof v === 'string' ? v : formatGoValue(v);
  }

  private walkIfOrWith(kind: 'if' | 'with', dot: unknown, pipe: PipeNode, list: Node[], elseList?: Node[]): void {
    const mark = this.vars.length;
    try {
      const val = this.evalPipeline(dot, pipe);
      if (isTrue(indirectInterface(val))) {
        this.walk(kind === 'with' ? val : dot, list);
      } else if (elseList) {
        this.walk(dot, elseList);
      }
    } finally {
      this.vars.length = mark;
    }
  }

  private walkRange(dot: unknown, r: ControlNode): void {
    const outer = this.vars.length;
    try {
      const val = this.evalPipeline(dot, r.pipe);
      const mark = this.vars.length;
      const decl = r.pipe.decl;
      // Returns false when the body ran {{break}}.
      const oneIteration = (idx: unknown, elem: unknown): boolean => {
        if (decl.length > 0) {
          if (r.pipe.isAssign) this.setVar(decl[0].name, decl.length > 1 ? idx : elem);
          else this.vars[mark - 1].value = elem;
        }
        if (decl.length > 1) {
          if (r.pipe.isAssign) this.setVar(decl[1].name, elem);
          else this.vars[mark - 2].value = idx;
        }
        try {
          this.walk(elem, r.list);
        } catch (e) {
          if (e === BREAK) return false;
          if (e !== CONTINUE) throw e;
        } finally {
          this.vars.length = mark;
        }
        return true;
      };
      let ran = false;
      if (Array.isArray(val)) {
        for (let i = 0; i < val.length; i++) {
          ran = true;
          if (!oneIteration(GoInt.int(i), val[i])) break;
        }
      } else if (val instanceof GoInt) {
        if (decl.length > 1) {
          this.at(r.pos, r.pipe);
          this.errorf(`can't use ${formatGoValue(val)} to iterate over more than one variable`);
        }
        for (let i = 0n; i < val.value; i++) {
          ran = true;
          const x = GoInt.int(i);
          if (!oneIteration(x, x)) break;
        }
      } else if (isGoMap(val)) {
        for (const k of sortedKeys(val)) {
          ran = true;
          if (!oneIteration(k, val[k])) break;
        }
      } else if (val !== undefined) {
        this.at(r.pos, r.pipe);
        this.errorf(`range can't iterate over ${formatGoValue(val)}`);
      }
      if (!ran && r.elseList) this.walk(dot, r.elseList);
    } finally {
      this.vars.length = outer;
    }
  }

  private walkTemplate(dot: unknown, t: Extract<Node, { kind: 'template' }>): void {
    this.at({ pos: t.pos, text: `template ${JSON.stringify(t.name)}` });
    const tree = this.tmpl.trees.get(t.name);
    if (!tree) this.errorf(`template ${JSON.stringify(t.name)} not defined`);
    if (this.depth >= MAX_EXEC_DEPTH) this.errorf(`exceeded maximum template depth (${MAX_EXEC_DEPTH})`);
    const newDot = t.pipe ? this.evalPipeline(dot, t.pipe) : undefined;
    const saved = { vars: this.vars, tree: this.tree };
    // No dynamic scoping: the invoked template sees only $.
    this.vars = [{ name: '$', value: newDot }];
    this.tree = tree;
    this.depth++;
    try {
      this.walk(newDot, tree.root);
    } finally {
      this.depth--;
      this.vars = saved.vars;
      this.tree = saved.tree;
    }
  }

  private evalPipeline(dot: unknown, pipe: PipeNode): unknown {
    this.at(pipe.pos, pipe);
    let value: unknown = MISSING;
    for (const cmd of pipe.cmds) {
      value = this.evalCommand(dot, cmd, value);
      // A nil interface{} is unwrapped into the invalid value after every stage.
      if (value === null) value = undefined;
    }
    for (const d of pipe.decl) {
      if (pipe.isAssign) this.setVar(d.name, value);
      else this.vars.push({ name: d.name, value });
    }
    return value;
  }

  private notAFunction(args: ArgNode[], final: Final): void {
    if (args.length > 1 || final !== MISSING) this.errorf(`can't give argument to non-function ${argString(args[0])}`);
  }

  private evalCommand(dot: unknown, cmd: CommandNode, final: Final): unknown {
    const first = cmd.args[0];
    switch (first.kind) {
      case 'field': return this.evalFieldNode(dot, first, cmd.args, final);
      case 'chain': return this.evalChainNode(dot, first, cmd.args, final);
      case 'identifier': return this.evalFunction(dot, first, cmd, cmd.args, final);
      case 'variable': return this.evalVariableNode(first, cmd.args, final);
      case 'pipe':
        this.notAFunction(cmd.args, final);
        return this.evalPipeline(dot, first);
      default:
        break;
    }
    this.at(first);
    this.notAFunction(cmd.args, final);
    switch (first.kind) {
      case 'bool': return first.value;
      case 'dot': return dot;
      case 'nil': return this.errorf('nil is not a command');
      case 'number': return this.idealConstant(first);
      case 'string': return first.text;
    }
  }

  private idealConstant(n: Extract<ArgNode, { kind: 'number' }>): unknown {
    this.at(n);
    const { num } = n;
    const isHexInt = /^[+-]?0[xX]/.test(num.text) && !/[pP]/.test(num.text);
    const isRune = num.text.startsWith("'");
    if (num.isFloat && !isHexInt && !isRune && /[.eEpP]/.test(num.text)) return num.float;
    if (num.isInt) return GoInt.int(num.int);
    if (num.isUint) this.errorf(`${num.text} overflows int`);
    return undefined;
  }

  private evalFieldNode(dot: unknown, field: Extract<ArgNode, { kind: 'field' }>, args: ArgNode[], final: Final): unknown {
    this.at(field);
    return this.evalFieldChain(dot, dot, field.ident, args, final, false);
  }

  private evalChainNode(dot: unknown, chain: Extract<ArgNode, { kind: 'chain' }>, args: ArgNode[], final: Final): unknown {
    this.at(chain);
    if (chain.node.kind === 'nil') this.errorf(`indirection through explicit nil in ${argString(chain)}`);
    const pipe = this.evalArg(dot, 'value', chain.node);
    return this.evalFieldChain(dot, pipe, chain.field, args, final, true);
  }

  private evalVariableNode(v: Extract<ArgNode, { kind: 'variable' }>, args: ArgNode[], final: Final): unknown {
    this.at(v);
    const value = this.varValue(v.ident[0]);
    if (v.ident.length === 1) {
      this.notAFunction(args, final);
      return value;
    }
    return this.evalFieldChain(value, value, v.ident.slice(1), args, final, true);
  }

  /**
   * Looks up a chain of fields. `concrete` tells whether the first receiver has a concrete
   * static type (a variable or pipeline result) rather than interface{} (dot, map elements);
   * Go names that type in its errors.
   */
  private evalFieldChain(dot: unknown, receiver: unknown, ident: string[], args: ArgNode[], final: Final, concrete: boolean): unknown {
    let r = receiver;
    const n = ident.length;
    for (let i = 0; i < n - 1; i++) r = this.evalField(dot, ident[i], [], MISSING, r, i === 0 && concrete);
    return this.evalField(dot, ident[n - 1], args, final, r, n === 1 && concrete);
  }

  private evalField(dot: unknown, fieldName: string, args: ArgNode[], final: Final, receiver: unknown, concrete: boolean): unknown {
    if (receiver === undefined) return undefined;
    const staticType = concrete ? goTypeName(receiver) : 'interface {}';
    if (receiver === null) this.errorf(`nil pointer evaluating ${staticType}.${fieldName}`);
    const method = isStringer(receiver) ? receiver.goMethods?.[fieldName] : undefined;
    if (method) return this.evalCall(dot, method, fieldName, args, final, this.node);
    if (isGoMap(receiver)) {
      if (args.length > 1 || final !== MISSING) this.errorf(`${fieldName} is not a method but has arguments`);
      return Object.prototype.hasOwnProperty.call(receiver, fieldName) ? receiver[fieldName] : undefined;
    }
    return this.errorf(`can't evaluate field ${fieldName} in type ${staticType}`);
  }

  private evalFunction(dot: unknown, node: Extract<ArgNode, { kind: 'identifier' }>, cmd: CommandNode | ArgNode, args: ArgNode[], final: Final): unknown {
    this.at(node);
    const name = node.name;
    const sprig = Object.prototype.hasOwnProperty.call(SPRIG_FUNCTIONS, name) ? SPRIG_FUNCTIONS[name] : undefined;
    const f = sprig ?? (Object.prototype.hasOwnProperty.call(BUILTINS, name) ? BUILTINS[name] : undefined);
    if (!f) return this.errorf(`${JSON.stringify(name)} is not a defined function`);
    return this.evalCall(dot, f, name, args, final, cmd, sprig === undefined);
  }

  /** `args` starts with the node naming the function, as in text/template. */
  private evalCall(dot: unknown, f: TemplateFunction, name: string, allArgs: ArgNode[], final: Final, node: At, builtin = false): unknown {
    const args = allArgs.slice(1);
    let numIn = args.length;
    if (final !== MISSING) numIn++;
    const fixed = f.params.length;
    if (f.variadic !== undefined) {
      if (numIn < fixed) this.errorf(`wrong number of args for ${name}: want at least ${fixed} got ${args.length}`);
    } else if (numIn !== fixed) {
      this.errorf(`wrong number of args for ${name}: want ${fixed} got ${numIn}`);
    }
    if (builtin && (name === 'and' || name === 'or')) {
      // Evaluated lazily: stop at the first argument that decides the result.
      let v: unknown;
      for (const a of args) {
        v = this.evalArg(dot, 'value', a);
        if (isTrue(indirectInterface(v)) === (name === 'or')) return v;
      }
      if (final !== MISSING) v = this.validateType(final, 'value');
      return v;
    }
    const argv: unknown[] = [];
    let i = 0;
    for (; i < fixed && i < args.length; i++) argv.push(this.evalArg(dot, f.params[i], args[i]));
    if (f.variadic !== undefined) for (; i < args.length; i++) argv.push(this.evalArg(dot, f.variadic, args[i]));
    if (final !== MISSING) {
      const t = f.variadic !== undefined && numIn - 1 >= fixed ? f.variadic : f.params[numIn - 1];
      argv.push(this.validateType(final, t));
    }
    if (builtin && name === 'call') {
      const target = indirectInterface(argv[0]);
      this.at(node);
      return this.errorf(`error calling call: ${target === undefined ? 'call of nil' : `non-function ${argString(args[0])} of type ${goTypeName(target)}`}`);
    }
    try {
      return f.call(argv, this.ctx);
    } catch (e) {
      if (!(e instanceof FuncError)) throw e;
      this.at(node);
      return this.errorf(`error calling ${name}: ${e.message}`);
    }
  }

  private validateType(value: unknown, t: ParamType): unknown {
    if (value === undefined) {
      if (t === 'value') return undefined;
      if (t === 'any' || t === 'map') return null;
      this.errorf(`invalid value; expected ${GO_TYPE_OF_PARAM[t]}`);
    }
    if (value === null) {
      if (t === 'any' || t === 'value') return null;
      this.errorf(`wrong type for value; expected ${GO_TYPE_OF_PARAM[t]}; got interface {}`);
    }
    if (!assignable(value, t)) this.errorf(`wrong type for value; expected ${GO_TYPE_OF_PARAM[t]}; got ${goTypeName(value)}`);
    return value;
  }

  private evalArg(dot: unknown, t: ParamType, n: ArgNode): unknown {
    this.at(n);
    switch (n.kind) {
      case 'dot': return this.validateType(dot, t);
      case 'nil':
        if (t === 'value') return undefined;
        if (t === 'any' || t === 'map') return null;
        return this.errorf(`cannot assign nil to ${GO_TYPE_OF_PARAM[t]}`);
      case 'field': return this.validateType(this.evalFieldNode(dot, n, [n], MISSING), t);
      case 'variable': return this.validateType(this.evalVariableNode(n, [], MISSING), t);
      case 'pipe': return this.validateType(this.evalPipeline(dot, n), t);
      case 'identifier': return this.validateType(this.evalFunction(dot, n, n, [n], MISSING), t);
      case 'chain': return this.validateType(this.evalChainNode(dot, n, [], MISSING), t);
      default:
        break;
    }
    switch (t) {
      case 'bool':
        return n.kind === 'bool' ? n.value : this.errorf(`expected bool; found ${argString(n)}`);
      case 'float64':
        return n.kind === 'number' && n.num.isFloat ? n.num.float : this.errorf(`expected float; found ${argString(n)}`);
      case 'int':
      case 'int64':
        if (n.kind === 'number' && n.num.isInt) return t === 'int' ? GoInt.int(n.num.int) : GoInt.int64(n.num.int);
        return this.errorf(`expected integer; found ${argString(n)}`);
      case 'string':
        return n.kind === 'string' ? n.text : this.errorf(`expected string; found ${argString(n)}`);
      case 'any':
      case 'value':
        if (n.kind === 'bool') return n.value;
        if (n.kind === 'number') return this.idealConstant(n);
        return n.text;
      default:
        return this.errorf(`can't handle ${argString(n)} for arg of type ${GO_TYPE_OF_PARAM[t]}`);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Entry point

const hasFunction = (name: string): boolean =>
  Object.prototype.hasOwnProperty.call(SPRIG_FUNCTIONS, name) || Object.prototype.hasOwnProperty.call(BUILTINS, name);

const CACHE_LIMIT = 1000;
const cache = new Map<string, ParsedTemplate | EngineError>();

function parseTemplate(name: string, text: string): ParsedTemplate {
  const key = `${name}\u0000${text}`;
  const hit = cache.get(key);
  if (hit instanceof EngineError) throw hit;
  if (hit) return hit;
  let result: ParsedTemplate | EngineError;
  try {
    const trees = new Map<string, Tree>();
    new Parser(name, text, trees, hasFunction).parse();
    result = { name, text, trees };
  } catch (e) {
    if (!(e instanceof ParseError)) throw e;
    result = new EngineError(e.message);
  }
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, result);
  if (result instanceof EngineError) throw result;
  return result;
}

/**
 * Parses (cached by text) and executes a Go text/template with the sprig function map on
 * `data`, returning the output. Throws EngineError with Go's message
 * (`template: param:1:3: executing "param" at <.a.b>: …`) on a parse or execution error, and
 * UnsupportedError for the few constructs this engine does not implement.
 */
export function renderGoTemplate(text: string, data: unknown, options: TemplateOptions = {}): string {
  const name = options.name ?? 'param';
  const tmpl = parseTemplate(name, text);
  const tree = tmpl.trees.get(name);
  if (!tree) throw new EngineError(`template: ${name}: "${name}" is an incomplete or empty template`);
  const ctx: CallContext = { now: options.now ?? (() => new Date()), env: options.env ?? {} };
  const state = new State(tmpl, tree, data, ctx);
  try {
    state.walk(data, tree.root);
  } catch (e) {
    if (e instanceof ExecError) throw new EngineError(e.message);
    throw e;
  }
  return state.out;
}

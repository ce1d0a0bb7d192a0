import { EngineError } from './errors';

type Node =
  | { readonly kind: 'dep'; readonly name: string }
  | { readonly kind: 'and' | 'or'; readonly left: Node; readonly right: Node };

/**
 * A trigger's `conditions`: a boolean expression over dependency names with `&&`, `||` and
 * parentheses (`&&` binds tighter). Argo Events resolves the names by treating `-` and `_` as the
 * same character; a name that matches no dependency stops the trigger for good, which here is an
 * error at load time.
 *
 * Without `&&` every passing event fires the trigger on its own. With `&&`, passing events are
 * stored per dependency and the expression is evaluated with stored dependencies counting as
 * true ({@link evaluate}).
 */
export class ConditionsExpression {
  /**
   * Parses `conditions` against the Sensor's dependency names.
   * @throws EngineError for a syntax error or an unknown dependency name
   */
  public static parse(text: string, dependencyNames: readonly string[]): ConditionsExpression {
    const byKey = new Map<string, string>();
    for (const name of dependencyNames) {
      byKey.set(dependencyKey(name), name);
    }
    const parser = new Parser(text, (raw) => {
      const name = byKey.get(dependencyKey(raw));
      if (name === undefined) {
        throw new EngineError(`unknown dependency '${raw}' in conditions "${text}" (the trigger would never fire)`);
      }
      return name;
    });
    return new ConditionsExpression(parser.parseAll(), text);
  }

  /** The default when `conditions` is omitted: every dependency of the Sensor, ANDed. */
  public static allOf(dependencyNames: readonly string[]): ConditionsExpression {
    if (dependencyNames.length === 0) {
      throw new EngineError('the Sensor has no dependencies');
    }
    let node: Node = { kind: 'dep', name: dependencyNames[0] };
    for (const name of dependencyNames.slice(1)) {
      node = { kind: 'and', left: node, right: { kind: 'dep', name } };
    }
    return new ConditionsExpression(node, dependencyNames.join('&&'));
  }

  /** The dependencies the trigger consumes, unique, in order of appearance. */
  public readonly dependencies: readonly string[];
  /** Whether events must be stored until the expression holds (it contains `&&`). */
  public readonly requiresAnd: boolean;

  private constructor(private readonly root: Node, public readonly text: string) {
    const names: string[] = [];
    let and = false;
    const walk = (n: Node): void => {
      if (n.kind === 'dep') {
        if (!names.includes(n.name)) {
          names.push(n.name);
        }
        return;
      }
      and = and || n.kind === 'and';
      walk(n.left);
      walk(n.right);
    };
    walk(root);
    this.dependencies = names;
    this.requiresAnd = and;
  }

  /** Evaluates the expression with `present(name)` telling which dependencies count as true. */
  public evaluate(present: (dependency: string) => boolean): boolean {
    const run = (n: Node): boolean => {
      switch (n.kind) {
        case 'dep': return present(n.name);
        case 'and': return run(n.left) && run(n.right);
        case 'or': return run(n.left) || run(n.right);
      }
    };
    return run(this.root);
  }

  /** The dependencies that would still have to arrive for the expression to hold, if any can. */
  public missing(present: (dependency: string) => boolean): string[] {
    return this.dependencies.filter((d) => !present(d));
  }
}

const NAME = '[A-Za-z_$-][A-Za-z0-9_$-]*';
const IDENTIFIER = new RegExp(NAME, 'y');
const IDENTIFIERS = new RegExp(NAME, 'g');

/** The names `conditions` mentions, each once, in order of appearance (whether or not it parses). */
export function conditionNames(text: string): string[] {
  return [...new Set(text.match(IDENTIFIERS) ?? [])];
}

/** The form in which Argo Events compares dependency names: `-` and `_` are the same character. */
export function dependencyKey(name: string): string {
  return name.replace(/-/g, '_');
}

class Parser {
  private pos = 0;

  constructor(private readonly text: string, private readonly resolve: (raw: string) => string) {}

  parseAll(): Node {
    const node = this.parseOr();
    this.skipSpace();
    if (this.pos < this.text.length) {
      this.fail(`unexpected '${this.text[this.pos]}'`);
    }
    return node;
  }

  private parseOr(): Node {
    let left = this.parseAnd();
    while (this.accept('||')) {
      left = { kind: 'or', left, right: this.parseAnd() };
    }
    return left;
  }

  private parseAnd(): Node {
    let left = this.parsePrimary();
    while (this.accept('&&')) {
      left = { kind: 'and', left, right: this.parsePrimary() };
    }
    return left;
  }

  private parsePrimary(): Node {
    this.skipSpace();
    if (this.accept('(')) {
      const inner = this.parseOr();
      if (!this.accept(')')) {
        this.fail("missing ')'");
      }
      return inner;
    }
    IDENTIFIER.lastIndex = this.pos;
    const m = IDENTIFIER.exec(this.text);
    if (!m) {
      this.fail(this.pos < this.text.length ? `unexpected '${this.text[this.pos]}'` : 'unexpected end of expression');
    }
    this.pos += m[0].length;
    return { kind: 'dep', name: this.resolve(m[0]) };
  }

  private accept(token: string): boolean {
    this.skipSpace();
    if (this.text.startsWith(token, this.pos)) {
      this.pos += token.length;
      return true;
    }
    return false;
  }

  private skipSpace(): void {
    while (this.pos < this.text.length && /\s/.test(this.text[this.pos])) {
      this.pos++;
    }
  }

  private fail(message: string): never {
    throw new EngineError(`invalid conditions "${this.text}": ${message} at offset ${this.pos} `
      + '(only dependency names, &&, || and parentheses are allowed)');
  }
}

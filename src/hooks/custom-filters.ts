import { DataFilter, DependencyFilter, ExprFilter } from '../argo-events';
import { foreignSyntax } from './field-path';
import { goTemplateProblem, TemplateData } from './go-template-check';
import { luaProblem } from './lua-check';
import { re2Problem } from './re2-check';

/**
 * Checks the raw Argo Events filters of `When.custom` for what makes a filter fail on every event
 * at run time, where Argo Events only logs it: paths outside the event data or in another tool's
 * syntax, expressions over variables no field binds, regular expressions RE2 refuses, templates and
 * Lua that do not parse, data filter types and comparators Argo Events does not know.
 */

/** Top-level keys of a resource event's data. */
const EVENT_ROOTS = ['body', 'oldBody', 'type', 'group', 'version', 'resource', 'metadata'];
const DATA_TYPES = ['string', 'number', 'bool'];
const COMPARATORS = ['', '=', '!=', '>', '>=', '<', '<='];

/** Throws the first problem of `filters`, naming `where` and the offending property. */
export function checkCustomFilters(where: string, filters: DependencyFilter): void {
  (filters.exprs ?? []).forEach((e, i) => checkExpr(where, `exprs[${i}]`, e));
  (filters.data ?? []).forEach((d, i) => checkData(where, `data[${i}]`, d));
  if (filters.script !== undefined) {
    const problem = luaProblem(filters.script);
    if (problem !== undefined) {
      throw new Error(`${where}: script does not compile as Lua 5.1 (gopher-lua, which Argo Events runs): ${problem}; fix the script (\`resource-hooks simulate\` runs it and reports what this check cannot see)`);
    }
  }
}

/** A gjson path of a filter: it must start at the event data and be gjson, not JSONPath or jq. */
function checkEventPath(where: string, property: string, path: string): void {
  if (path.trim() === '') {
    throw new Error(`${where}: ${property} is empty; give a path into the event data such as "body.spec.replicas"`);
  }
  const foreign = foreignSyntax(path);
  if (foreign !== undefined) {
    throw new Error(`${where}: ${property} "${path}" is written in ${foreign.syntax}, which Argo Events (gjson) does not read, so the path is always missing and the filter always fails; write it as "${foreign.fixed}"`);
  }
  const root = path.split(/(?<!\\)\./)[0];
  if (!EVENT_ROOTS.includes(root)) {
    const fix = ['metadata', 'spec', 'status', 'data'].includes(root) ? `"body.${path}"` : `a path starting with ${EVENT_ROOTS.slice(0, -1).map((r) => `"${r}"`).join(', ')}`;
    throw new Error(`${where}: ${property} "${path}" does not start at the event data (${EVENT_ROOTS.slice(0, -1).join(', ')}), so it is always missing and the filter always fails; use ${fix}`);
  }
}

function checkRegex(where: string, property: string, pattern: string): void {
  const problem = re2Problem(pattern);
  if (problem !== undefined) {
    throw new Error(`${where}: ${property} ${JSON.stringify(pattern)} is not a regular expression Go's regexp (RE2) compiles: ${problem}, so the filter would fail on every event`);
  }
}

function checkExpr(where: string, property: string, e: ExprFilter): void {
  if (e.fields.length === 0) {
    throw new Error(`${where}: ${property} binds no fields, and Argo Events refuses such an expression; bind every variable of "${e.expr}" in fields, e.g. fields: [{ name: 'replicas', path: 'body.spec.replicas' }]`);
  }
  e.fields.forEach((f, j) => {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(f.name)) {
      throw new Error(`${where}: ${property}.fields[${j}].name "${f.name}" is not a variable an expression can use; use letters, digits and "_", starting with a letter`);
    }
    checkEventPath(where, `${property}.fields[${j}].path`, f.path);
  });
  const lexed = lexGovaluate(e.expr);
  if (typeof lexed === 'string') {
    throw new Error(`${where}: ${property}.expr "${e.expr}" does not parse: ${lexed}`);
  }
  const bound = new Set(e.fields.map((f) => f.name));
  for (const variable of lexed.variables) {
    if (variable.includes('.')) {
      throw new Error(`${where}: ${property}.expr "${e.expr}" reads "${variable}", but Argo Events binds plain values, so the accessor fails on every event; bind the field itself: fields: [{ name: '${variable.replace(/\./g, '_')}', path: 'body.${variable.split('.').slice(1).join('.')}' }]`);
    }
    if (!bound.has(variable)) {
      throw new Error(`${where}: ${property}.expr "${e.expr}" uses "${variable}", which no entry of fields binds, so the expression fails on every event; add { name: '${variable}', path: '…' } to fields or use one of ${[...bound].map((b) => `"${b}"`).join(', ')}`);
    }
  }
  lexed.regexes.forEach((r) => checkRegex(where, `${property}.expr pattern`, r));
}

function checkData(where: string, property: string, d: DataFilter): void {
  checkEventPath(where, `${property}.path`, d.path);
  if (!DATA_TYPES.includes(d.type)) {
    throw new Error(`${where}: ${property}.type "${d.type}" is not a data filter type, and Argo Events fails the filter on every event; use "string", "number" or "bool"`);
  }
  if (d.value.length === 0 || d.value.some((v) => v === '')) {
    throw new Error(`${where}: ${property}.value is empty or has an empty entry, which Argo Events refuses; list the values to compare with`);
  }
  const comparator = d.comparator ?? '';
  if (!COMPARATORS.includes(comparator)) {
    throw new Error(`${where}: ${property}.comparator "${comparator}" is not one of ${COMPARATORS.slice(1).join(' ')}`);
  }
  if (d.type === 'string') {
    if (!['', '=', '!='].includes(comparator)) {
      throw new Error(`${where}: ${property}.comparator "${comparator}" never matches a string (Argo Events compares strings with "=" and "!=" only); use type "number" for ordering`);
    }
    d.value.forEach((v, j) => checkRegex(where, `${property}.value[${j}]`, v));
  }
  if (d.type === 'number') {
    d.value.forEach((v, j) => {
      if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(v.trim())) {
        throw new Error(`${where}: ${property}.value[${j}] "${v}" is not a number, and Argo Events fails the filter on it; write a decimal number such as "3"`);
      }
    });
  }
  if (d.type === 'bool' && d.value.some((v) => !/^(1|t|T|TRUE|true|True|0|f|F|FALSE|false|False)$/.test(v))) {
    throw new Error(`${where}: ${property}.value [${d.value.join(', ')}] are not all booleans Go parses; use "true" or "false"`);
  }
  if (d.template !== undefined) {
    const problem = goTemplateProblem(d.template, TemplateData.VALUE);
    if (problem !== undefined) {
      throw new Error(`${where}: ${property}.template "${d.template}" is not a Go template Argo Events can render: ${problem}`);
    }
  }
}

/** The variables and the string operands of `=~`/`!~` of a govaluate expression, or why it does not parse. */
function lexGovaluate(expr: string): { variables: string[]; regexes: string[] } | string {
  const variables: string[] = [];
  const regexes: string[] = [];
  let depth = 0;
  let lastOperator = '';
  let i = 0;
  while (i < expr.length) {
    const c = expr[i];
    if (/\s/.test(c)) {
      i++;
    } else if (c === '\'' || c === '"') {
      // govaluate strings: a backslash escapes any character, which stands for itself.
      let text = '';
      let j = i + 1;
      while (j < expr.length && expr[j] !== c) {
        if (expr[j] === '\\') {
          j++;
        }
        text += expr[j] ?? '';
        j++;
      }
      if (j >= expr.length) {
        return `the string starting at ${JSON.stringify(expr.slice(i, i + 10))} is not closed`;
      }
      if (lastOperator === '=~' || lastOperator === '!~') {
        regexes.push(text);
      }
      lastOperator = '';
      i = j + 1;
    } else if (c === '[') {
      const end = expr.indexOf(']', i + 1);
      if (end < 0) {
        return 'a "[" (escaped variable name) is not closed';
      }
      variables.push(expr.slice(i + 1, end));
      i = end + 1;
    } else if (/[A-Za-z_]/.test(c)) {
      const word = /^[A-Za-z_][A-Za-z0-9_.]*/.exec(expr.slice(i))![0];
      if (!/^(true|false|in|IN)$/i.test(word)) {
        variables.push(word);
      }
      lastOperator = '';
      i += word.length;
    } else if (/[0-9.]/.test(c)) {
      i += /^[0-9.]+([eE][+-]?[0-9]+)?/.exec(expr.slice(i))![0].length;
      lastOperator = '';
    } else if (c === '(' || c === ')') {
      depth += c === '(' ? 1 : -1;
      if (depth < 0) {
        return 'a ")" has no matching "("';
      }
      i++;
    } else {
      const op = /^(=~|!~|==|!=|>=|<=|&&|\|\||\?\?|\*\*|<<|>>|[-+*/%<>!&|^~?:,])/.exec(expr.slice(i));
      if (op === null) {
        return `"${c}" is not a govaluate operator`;
      }
      lastOperator = op[0];
      i += op[0].length;
    }
  }
  if (depth > 0) {
    return 'a "(" is not closed';
  }
  return { variables: [...new Set(variables)], regexes };
}

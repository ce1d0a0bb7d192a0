import * as fs from 'fs';
import * as path from 'path';
import { ArgoEvent, EventContext, eventContext } from '../../src/engine/event';
import { filterData } from '../../src/engine/filter-data';
import { filterExpr } from '../../src/engine/filter-expr';
import { filterTime } from '../../src/engine/filter-time';
import { filterContext, filterDependency, filterEvent, filterScript } from '../../src/engine/filters';
import { LabelSelector } from '../../src/engine/label-selector';
import {
  applyParams, constructPayload, getValueByKey, renderEventDataAsJSON, resolveParamValue,
} from '../../src/engine/params';
import { passFilters } from '../../src/engine/resource-source';
import { applyJQTransform, applyScriptTransform } from '../../src/engine/transforms';

/*
 * Runs every vector of ../shared/conformance/vectors (from Argo Events' own Go tests) at the level
 * its `function` names, and reports how many passed per file.
 *
 * Vectors marked `computed` record output that upstream only checks partly (a decoded struct, a
 * substring). For those outputs this suite compares parsed JSON instead of bytes: the bytes come
 * from Go's map iteration and encoder settings in the harness, not from behaviour Argo Events
 * guarantees.
 */

const VECTORS = path.resolve(__dirname, '..', '..', '..', '..', 'shared', 'conformance', 'vectors');

// Vector inputs are heterogeneous JSON whose shape depends on `function`.
type VectorJson = Record<string, any>;

interface Vector {
  readonly id: string;
  readonly function: string;
  readonly input: VectorJson;
  readonly expect: VectorJson;
  readonly computed?: readonly string[];
}

type RawEvent = { context?: Record<string, string> | null; data?: string | null } | null;

function toContext(raw: Record<string, string> | null | undefined): EventContext | null {
  return raw ? eventContext(raw) : null;
}

function toEvent(raw: RawEvent): ArgoEvent | null {
  if (raw === null) {
    return null;
  }
  return { context: toContext(raw.context), data: raw.data ?? null };
}

function toEvents(raw: Record<string, RawEvent>): Record<string, ArgoEvent> {
  return Object.fromEntries(Object.entries(raw).map(([dep, e]) => [dep, toEvent(e) as ArgoEvent]));
}

/** Runs `fn`, turning a thrown error into `{ error }` the way the Go functions return one. */
function capture<T>(fn: () => T): { value?: T; error?: string } {
  try {
    return { value: fn() };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

function expectOutput(v: Vector, actual: string | null | undefined): void {
  if (v.computed?.includes('output')) {
    expect(actual).toBeDefined();
    expect(JSON.parse(actual as string)).toEqual(JSON.parse(v.expect.output));
  } else {
    expect(actual).toBe(v.expect.output);
  }
}

/** Checks `{pass, error}`-shaped expectations, plus exact or partial error texts when given. */
function expectVerdict(v: Vector, outcome: { pass: boolean; error?: string }): void {
  expect({ pass: outcome.pass, error: outcome.error !== undefined }).toEqual({ pass: v.expect.pass, error: v.expect.error });
  if (v.expect.errorMessage !== undefined) {
    expect(outcome.error).toBe(v.expect.errorMessage);
  }
  if (v.expect.errorContains !== undefined) {
    expect(outcome.error).toContain(v.expect.errorContains);
  }
}

const RUNNERS: Record<string, (v: Vector) => void> = {
  filterData: (v) => expectVerdict(v, filterData(v.input.filter.data, v.input.filter.dataLogicalOperator, toEvent(v.input.event))),
  filterExpr: (v) => expectVerdict(v, filterExpr(v.input.filter.exprs, v.input.filter.exprLogicalOperator, toEvent(v.input.event))),
  Filter: (v) => expectVerdict(v, filterDependency(toEvent(v.input.event) as ArgoEvent, v.input.filter, v.input.filtersLogicalOperator)),
  filterEvent: (v) => expectVerdict(v, filterEvent(v.input.filter, v.input.filtersLogicalOperator, toEvent(v.input.event) as ArgoEvent)),
  filterContext: (v) => expectVerdict(v, { pass: filterContext(v.input.filter.context, toContext(v.input.eventContext)) }),
  filterScript: (v) => expectVerdict(v, filterScript(v.input.filter.script, toEvent(v.input.event))),
  filterTime: (v) => expectVerdict(v, filterTime(v.input.filter.time, new Date(v.input.eventTime))),
  applyJQTransform: (v) => {
    const out = applyJQTransform(toEvent(v.input.event), v.input.transform.jq);
    expect(out.error !== undefined).toBe(v.expect.error);
    if (!v.expect.error) {
      expectOutput(v, out.event?.data);
    }
  },
  applyScriptTransform: (v) => {
    const out = applyScriptTransform(toEvent(v.input.event) as ArgoEvent, v.input.transform.script);
    expect(out.error !== undefined).toBe(v.expect.error);
    if (!v.expect.error) {
      expectOutput(v, out.event?.data);
    }
  },
  resolveParamValue: (v) => {
    const out = capture(() => resolveParamValue(v.input.src, toEvents(v.input.events)));
    expect(out.error !== undefined).toBe(v.expect.error);
    if (!v.expect.error) {
      expectOutput(v, out.value?.value);
    }
  },
  applyParams: (v) => {
    const out = capture(() => applyParams(v.input.document, v.input.parameters, toEvents(v.input.events)));
    expect(out.error !== undefined).toBe(v.expect.error);
    if (!v.expect.error) {
      expectOutput(v, out.value);
    }
  },
  constructPayload: (v) => {
    const out = capture(() => constructPayload(toEvents(v.input.events), v.input.parameters));
    expect(out.error !== undefined).toBe(v.expect.error);
    if (!v.expect.error) {
      expectOutput(v, out.value);
    }
  },
  renderEventDataAsJSON: (v) => {
    const out = capture(() => renderEventDataAsJSON(toEvent(v.input.event)));
    expect(out.error !== undefined).toBe(v.expect.error);
    if (!v.expect.error) {
      expectOutput(v, out.value);
    }
  },
  getValueByKey: (v) => {
    const out = capture(() => getValueByKey(v.input.document, v.input.key));
    expect(out.error !== undefined).toBe(v.expect.error);
    if (!v.expect.error) {
      expect(out.value).toEqual({ value: v.expect.output, type: v.expect.type });
    }
  },
  passFilters: (v) => {
    // The stand-in clock of the vectors; none of them uses afterStart.
    const now = new Date('2024-07-15T12:00:00Z');
    expect(passFilters(v.input.eventType, v.input.object, v.input.filter, { startTime: now, now }).pass).toBe(v.expect.pass);
  },
  labelSelector: (v) => {
    const built = capture(() => LabelSelector.fromSelectors(v.input.selectors));
    expect(built.error !== undefined).toBe(v.expect.error);
    if (!v.expect.error) {
      expect(built.value?.matches(v.input.labels ?? {})).toBe(v.expect.match);
    }
  },
};

const files = fs.existsSync(VECTORS) ? fs.readdirSync(VECTORS).filter((f) => f.endsWith('.json')).sort() : [];

if (files.length === 0) {
  console.warn(`conformance vectors not found at ${VECTORS}; skipping`);
  describe.skip('Argo Events conformance vectors (../shared missing)', () => {
    test('skipped', () => undefined);
  });
} else {
  const passed = new Map<string, number>();
  const totals = new Map<string, number>();

  afterAll(() => {
    const lines = files.map((f) => `  ${f}: ${passed.get(f) ?? 0}/${totals.get(f) ?? 0}`);
    const sum = (m: Map<string, number>): number => [...m.values()].reduce((a, b) => a + b, 0);
    console.log(`Argo Events conformance vectors passed:\n${lines.join('\n')}\n  total: ${sum(passed)}/${sum(totals)}`);
  });

  for (const file of files) {
    const vectors = JSON.parse(fs.readFileSync(path.join(VECTORS, file), 'utf8')) as Vector[];
    totals.set(file, vectors.length);
    describe(file, () => {
      for (const vector of vectors) {
        test(vector.id, () => {
          const run = RUNNERS[vector.function];
          expect(run).toBeDefined();
          run(vector);
          passed.set(file, (passed.get(file) ?? 0) + 1);
        });
      }
    });
  }
}

import { isEventSourceType } from './controller-rules';
import { Finding, FindingCollector, isRecord, pathJoin } from './finding';
import { listOf, recordAt, recordOf, sameNamespace, stringOf } from './json-values';

/** What a Sensor dependency can be matched against: one EventSource of the inputs. */
interface PublishedEvents {
  readonly name: string;
  readonly namespace: string;
  readonly eventBusName: string;
  readonly events: ReadonlySet<string>;
}

/**
 * The EventSources of a set of manifests, to check that Sensor dependencies name an EventSource
 * and event that exist. Only meaningful when the inputs hold EventSources at all: a Sensor linted
 * alone may depend on EventSources kept elsewhere.
 */
export class EventSourceIndex {
  private readonly byName = new Map<string, PublishedEvents[]>();

  constructor(eventSources: readonly unknown[]) {
    for (const obj of eventSources) {
      const metadata = recordAt(obj, 'metadata');
      const spec = recordAt(obj, 'spec');
      const published: PublishedEvents = {
        name: stringOf(metadata.name),
        namespace: stringOf(metadata.namespace),
        eventBusName: busName(spec),
        events: new Set(Object.entries(spec).filter(([type, events]) => isEventSourceType(type) && isRecord(events))
          .flatMap(([, events]) => Object.keys(recordOf(events)))),
      };
      const list = this.byName.get(published.name) ?? [];
      list.push(published);
      this.byName.set(published.name, list);
    }
  }

  /**
   * Checks Sensor dependencies against the EventSources in the index. A dependency on an
   * EventSource that is in the index but does not publish the event (or publishes it to another
   * EventBus) can never fire: an error. One on an EventSource that is not in the index may still
   * work with an EventSource kept elsewhere: a warning.
   */
  public check(sensor: unknown): Finding[] {
    const out = new FindingCollector('Sensor', sensor);
    const namespace = stringOf(recordAt(sensor, 'metadata').namespace);
    const bus = busName(recordAt(sensor, 'spec'));
    listOf(recordAt(sensor, 'spec').dependencies).forEach((dependency, i) => {
      const { eventSourceName, eventName } = recordOf(dependency);
      if (typeof eventSourceName !== 'string' || eventSourceName === '' || typeof eventName !== 'string') {
        return;
      }
      const path = pathJoin('spec.dependencies', i);
      const named = (this.byName.get(eventSourceName) ?? [])
        .filter((es) => sameNamespace(es.namespace, namespace));
      const candidates = named.filter((es) => es.eventBusName === bus);
      if (named.length === 0) {
        out.warning('sensor/unknown-event-source', pathJoin(path, 'eventSourceName'),
          `No EventSource named ${JSON.stringify(eventSourceName)}${namespace === '' ? '' : ` in namespace ${namespace}`} ` +
          'is among the linted manifests, so this dependency may never receive an event. Check the name, or lint ' +
          'the EventSource together with the Sensor.');
      } else if (candidates.length === 0) {
        out.error('sensor/event-bus-mismatch', pathJoin(path, 'eventSourceName'),
          `EventSource ${JSON.stringify(eventSourceName)} publishes to EventBus ${JSON.stringify(named[0].eventBusName)}, ` +
          `but this Sensor reads EventBus ${JSON.stringify(bus)}, so the dependency never receives its events and its ` +
          'triggers never fire. Use the same eventBusName in both.');
      } else if (!candidates.some((es) => es.events.has(eventName))) {
        const known = [...new Set(candidates.flatMap((es) => [...es.events]))];
        out.error('sensor/unknown-event', pathJoin(path, 'eventName'),
          `EventSource ${JSON.stringify(eventSourceName)} has no event named ${JSON.stringify(eventName)}, so this ` +
          `dependency never receives an event and the triggers that need it never fire (the controller does not ` +
          `check this). Its events are: ${known.join(', ') || '(none)'}.`);
      }
    });
    return out.findings;
  }
}

function busName(spec: Record<string, unknown>): string {
  return stringOf(spec.eventBusName) || 'default';
}

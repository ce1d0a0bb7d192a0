import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { COMPARE_OPTIONS_ANNOTATION, SYNC_OPTIONS_ANNOTATION, SYNC_WAVE_ANNOTATION, annotationsOf, setOptionEntries } from './_annotations';
import { checkWave } from './_validation';
import { addWarning, collectWarnings } from './_warnings';
import { CompareOptions } from './compare-options';
import { ResourceSyncOptions } from './sync-options';

/**
 * Argo CD settings for objects of this app, written as the annotations Argo CD reads.
 *
 * Each method accepts an `ApiObject` or any construct whose default child is one (a cdk8s-plus
 * `Deployment`, `Job`, …), resolved with `ApiObject.of`.
 */
export class ArgoCd {
  /**
   * Puts an object into a sync wave (`argocd.argoproj.io/sync-wave`).
   *
   * Waves order objects inside their phase (lower first, default 0, negative allowed); the next
   * wave starts only when the current one is applied and Healthy, so an object without a health
   * check does not hold a wave back. A PostSync hook in wave -5 still runs after every Sync wave.
   *
   * @param construct the object, or a construct whose default child is it
   * @param wave an integer wave
   */
  public static syncWave(construct: IConstruct, wave: number): void {
    const obj = ApiObject.of(construct);
    obj.metadata.addAnnotation(SYNC_WAVE_ANNOTATION, checkWave(obj, 'wave', wave));
  }

  /**
   * Sets per-resource sync options (`argocd.argoproj.io/sync-options`). Repeated calls merge
   * option by option, and options written into the annotation by hand are kept.
   *
   * @param construct the object, or a construct whose default child is it
   * @param options the options to set
   */
  public static syncOptions(construct: IConstruct, options: ResourceSyncOptions): void {
    const obj = ApiObject.of(construct);
    // Only options the caller mentions are touched; `undefined` as a value removes the entry
    // (options without an `=false` form are removed when switched off).
    const entries: Array<[string, string | undefined]> = [];
    const put = (name: string, given: unknown, value: string | undefined) => {
      if (given !== undefined) {
        entries.push([name, value]);
      }
    };
    put('Prune', options.prune, options.prune);
    put('Delete', options.deletion, options.deletion);
    put('Replace', options.replace, String(options.replace));
    put('Force', options.force, options.force ? 'true' : undefined);
    put('ServerSideApply', options.serverSideApply, String(options.serverSideApply));
    put('Validate', options.validate, options.validate ? undefined : 'false');
    put('SkipDryRunOnMissingResource', options.skipDryRunOnMissingResource, options.skipDryRunOnMissingResource ? 'true' : undefined);
    put('PruneLast', options.pruneLast, options.pruneLast ? 'true' : undefined);
    setOptionEntries(obj, SYNC_OPTIONS_ANNOTATION, entries);
    const current = annotationsOf(obj)[SYNC_OPTIONS_ANNOTATION] ?? '';
    const touchesConflict = options.replace !== undefined || options.serverSideApply !== undefined;
    if (touchesConflict && /(^|,)Replace=true(,|$)/.test(current) && /(^|,)ServerSideApply=true(,|$)/.test(current)) {
      addWarning(obj, `sync options '${current}' set both Replace=true and ServerSideApply=true; Argo CD uses replace and ignores server-side apply for this object, so drop one of them`);
    }
  }

  /**
   * Sets per-resource compare options (`argocd.argoproj.io/compare-options`).
   *
   * @param construct the object, or a construct whose default child is it
   * @param options the options to set
   */
  public static compareOptions(construct: IConstruct, options: CompareOptions): void {
    const obj = ApiObject.of(construct);
    if (options.ignoreExtraneous === undefined) {
      return;
    }
    setOptionEntries(obj, COMPARE_OPTIONS_ANNOTATION, [['IgnoreExtraneous', options.ignoreExtraneous ? '' : undefined]]);
  }

  /**
   * The warnings recorded by the constructs in this module under `scope` (for example a blocking
   * hook whose kind has no health check), each prefixed with the construct path. cdk8s has no
   * warnings channel of its own, so print these from your app before `app.synth()`.
   *
   * @param scope usually the App
   */
  public static warnings(scope: IConstruct): string[] {
    return collectWarnings(scope);
  }

  private constructor() {}
}

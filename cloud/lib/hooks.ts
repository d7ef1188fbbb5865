/**
 * Hook points: the one way a module calls into a module above it. Modules form layers (a module
 * imports only the `index.ts` of modules below it, see docs/architecture.md); when a lower module
 * must reach a higher one — a low repair rating opens a complaint, a recorded follow-up closes the
 * repair or complaint it was about, the fee reminders skip units under dispute — the lower module
 * declares a typed hook and calls it, and the composition root (`cloud/runtime/wiring/`) plugs the
 * higher module's handler in. So no module imports a module that imports it back.
 *
 * Every hook must be plugged before a cloud function serves: a function answers no call while any
 * hook declared by the modules its process loaded is unplugged (`unpluggedHooks`, checked by
 * `defineFunction`'s first call), so a bundle that forgot its wiring fails at once, naming the hook,
 * not when the hook is first needed.
 */
type Handler = (...args: never[]) => Promise<unknown>;

export interface Hook<F extends Handler> {
  /** `<module>.<what>`, e.g. `repairs.ownerUnhappy`. */
  readonly name: string;
  /** Run the plugged handler (a hook nothing was plugged into rejects: a wiring mistake). */
  readonly run: F;
  /** Plug the handler in (the runtime does, once per process; plugging again replaces it). */
  plug(handler: F): void;
  readonly plugged: boolean;
}

const declared: Hook<Handler>[] = [];

/** Declare a hook point (at module level, in the module that calls it). */
export function hook<F extends Handler>(name: string): Hook<F> {
  let handler: F | null = null;
  const run = ((...args: Parameters<F>) => {
    if (!handler) return Promise.reject(new Error(`hook ${name} is not wired: plug it in a wiring of cloud/runtime/wiring/`));
    return handler(...args);
  }) as unknown as F;
  const h: Hook<F> = {
    name,
    run,
    plug(fn) {
      handler = fn;
    },
    get plugged() {
      return handler !== null;
    },
  };
  declared.push(h as unknown as Hook<Handler>);
  return h;
}

/** Hooks declared by the modules loaded in this process that nothing has been plugged into. */
export function unpluggedHooks(): string[] {
  return declared.filter((h) => !h.plugged).map((h) => h.name);
}

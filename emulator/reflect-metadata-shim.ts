/**
 * Minimal `Reflect` metadata shim for `@peculiar/x509`, whose dependency `tsyringe` refuses to load
 * without `Reflect.getMetadata` (normally supplied by the `reflect-metadata` package, which is not
 * installed here). tsyringe only calls `getMetadata`, `getOwnMetadata` and `defineMetadata`
 * (tsyringe/dist/cjs/reflection-helpers.js); this implements exactly those, and installs nothing
 * when a real polyfill is already present.
 */
type MetadataStore = Map<unknown, unknown>;
type ReflectWithMetadata = typeof Reflect & {
  getMetadata?: (key: unknown, target: object) => unknown;
  getOwnMetadata?: (key: unknown, target: object) => unknown;
  defineMetadata?: (key: unknown, value: unknown, target: object) => void;
};

const reflect = Reflect as ReflectWithMetadata;

if (typeof reflect.getMetadata !== "function") {
  const stores = new WeakMap<object, MetadataStore>();
  const own = (key: unknown, target: object): unknown => {
    const store = stores.get(target);
    return store ? store.get(key) : undefined;
  };
  reflect.getOwnMetadata = own;
  reflect.getMetadata = (key: unknown, target: object): unknown => {
    // Walk the prototype chain, as reflect-metadata's getMetadata does.
    for (let t: object | null = target; t; t = Object.getPrototypeOf(t) as object | null) {
      const store = stores.get(t);
      if (store && store.has(key)) return store.get(key);
    }
    return undefined;
  };
  reflect.defineMetadata = (key: unknown, value: unknown, target: object): void => {
    let store = stores.get(target);
    if (!store) {
      store = new Map();
      stores.set(target, store);
    }
    store.set(key, value);
  };
}

export {};

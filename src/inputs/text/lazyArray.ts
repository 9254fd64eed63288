/**
 * A read-only array whose elements are made when read: the ranges of a million-element selection
 * are asked for one at a time (an error's place, a chosen table row), so they are not all built.
 * It behaves as an array for indexing, length, iteration, the array methods and deep equality.
 */
export function lazyArray<T>(length: number, at: (i: number) => T): T[] {
  const indexOf = (key: string | symbol): number => {
    if (typeof key !== 'string' || !/^(?:0|[1-9]\d{0,9})$/.test(key)) return -1;
    const i = Number(key);
    return i < length ? i : -1;
  };
  return new Proxy<T[]>([], {
    get(target, key, receiver) {
      if (key === 'length') return length;
      const i = indexOf(key);
      return i >= 0 ? at(i) : Reflect.get(target, key, receiver);
    },
    has(target, key) {
      return indexOf(key) >= 0 || Reflect.has(target, key);
    },
    ownKeys(target) {
      return [...Array.from({ length }, (_, i) => String(i)), ...Reflect.ownKeys(target)];
    },
    getOwnPropertyDescriptor(target, key) {
      const i = indexOf(key);
      if (i >= 0) return { value: at(i), writable: false, enumerable: true, configurable: true };
      if (key === 'length') return { value: length, writable: true, enumerable: false, configurable: false };
      return Reflect.getOwnPropertyDescriptor(target, key);
    },
    set: () => false,
    defineProperty: () => false,
    deleteProperty: () => false,
  });
}

/** Declares a service key; `name` should be namespaced by its package (`aws-kms.clientPool`). */
export function serviceKey(name, create) {
    return Object.freeze({ id: Symbol.for(`envelope.service.${name}`), name, create });
}
//# sourceMappingURL=services.js.map
export {};
//# sourceMappingURL=header_types.js.map
/** The names a generated file imports from the other generated modules, collected while its code is emitted. */
export class Imports {
  private readonly byModule = new Map<string, Set<string>>();

  /** `self`: the module being emitted, whose own names need no import. */
  constructor(private readonly self?: string) {}

  add(module: string, ...names: string[]): void {
    if (module === this.self) return;
    const set = this.byModule.get(module) ?? new Set<string>();
    for (const n of names) set.add(n);
    this.byModule.set(module, set);
  }

  modules(): string[] {
    return [...this.byModule.keys()].sort();
  }

  /** `import { a, b } from './<module><suffix>';` lines, sorted. */
  lines(suffix: string, typeOnly: boolean): string[] {
    return this.modules().map((m) => `import ${typeOnly ? 'type ' : ''}{ ${[...this.byModule.get(m)!].sort().join(', ')} } from './${m}${suffix}';`);
  }
}

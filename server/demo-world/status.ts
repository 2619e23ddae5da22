/** Which tenants' demo worlds this process is building, for the home page's notice. No imports: deps.ts holds it. */
export class DemoWorldProgress {
  private readonly pending = new Set<string>();

  /** True while the tenant's world is announced or under construction in this process. */
  building(slug: string): boolean {
    return this.pending.has(slug);
  }

  announce(slugs: string[]): void {
    for (const slug of slugs) this.pending.add(slug);
  }

  done(slug: string): void {
    this.pending.delete(slug);
  }
}

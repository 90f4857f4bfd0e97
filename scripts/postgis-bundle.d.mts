// Types of postgis-bundle.mjs, for tests/db/engines.ts.
export declare const POSTGIS_PACKAGE_BUNDLE: string;
export declare function slimPostgisBundle(gz: Buffer, opts?: { level?: number }): Buffer;
export declare function packagePostgisBundle(): Buffer;

/** The generated op-docs module's text for the package at `packageDir`; throws on an op documented twice. */
export function generateOpDocs(packageDir?: string): string;

/** Where the package at `packageDir` keeps its generated op docs. */
export function opDocsPath(packageDir?: string): string;

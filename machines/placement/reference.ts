/** A short reference for documents, mail and reports that does not identify the child. */
export const placementReference = (id: string) => `CBP-${id.replace(/-/g, '').slice(0, 8).toUpperCase()}`;

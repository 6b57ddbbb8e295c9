// The IndexedDB database's name, on its own so the shell can ask whether the database exists
// (app/session.ts) without loading Dexie.
export const DB_NAME = 'tideline';

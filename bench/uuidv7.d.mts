export declare function uuidv7(): string;

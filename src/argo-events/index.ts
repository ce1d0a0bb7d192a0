export * from './common';
export * from './event-source';
export * from './sensor';
export * from './event-bus';

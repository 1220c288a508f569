export * from './audit';
export * from './businesses';
export * from './users';

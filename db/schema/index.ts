export * from './appointments';
export * from './audit';
export * from './businesses';
export * from './leads';
export * from './users';

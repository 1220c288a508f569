export * from './appointments';
export * from './assistant';
export * from './audit';
export * from './businesses';
export * from './leads';
export * from './users';

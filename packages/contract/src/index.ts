// Types only: import with `import type`, so nothing of this package is needed at run time
// (the server's production image and the client bundle do not contain it).
export type * from './problem';
export type * from './views';
export type * from './activity';
export type * from './realtime';
export type * from './notifications';
export type * from './decisions';
export type * from './open-doors';
export type * from './agenda';
export type * from './board';
export type * from './people';

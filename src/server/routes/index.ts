/** The route modules, each registering one part of the API through the kit (see ../kit.ts). */
import type { RouteModule } from '../kit.ts';
import { register as review } from './review.ts';

export const ROUTE_MODULES: RouteModule[] = [review];

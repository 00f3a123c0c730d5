/** The route modules, each registering one part of the API through the kit (see ../kit.ts). */
import type { RouteModule } from '../kit.ts';
import { register as evidence } from './evidence.ts';
import { register as rectification } from './rectification.ts';
import { register as review } from './review.ts';
import { register as submission } from './submission.ts';

export const ROUTE_MODULES: RouteModule[] = [submission, evidence, review, rectification];

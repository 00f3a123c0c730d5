/** JSON Schemas for editors (YAML language servers, VS Code), generated from the zod schemas. */
import { z } from 'zod';
import { datasetSchema } from './dataset/schema.ts';
import { frameworkSchema } from './framework/schema.ts';

export function datasetJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(datasetSchema, { io: 'input', unrepresentable: 'any' }),
    title: 'jixiao 部门年度数据（department-year dataset）',
    description: '金额为万元，写作十进制文本（如 "523.07"）；也可写“5,999.00元”或 {value, unit: 元}。',
  };
}

export function frameworkJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(frameworkSchema, { io: 'input', unrepresentable: 'any' }),
    title: 'jixiao 指标体系框架（framework）',
  };
}

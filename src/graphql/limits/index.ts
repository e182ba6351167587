export { operationLimits, queryLimitsPlugin, type Admission, type CheckedOperation, type OperationVerdict, type QueryLimits } from './query-limits-plugin';
export { CALLS_PER_DDS_DOWNLOAD, EXPECTED_ITEMS_PER_ORDER } from './cost-model';
export { requestBudgetPlugin, type RequestBudgetLimits } from './request-budget-plugin';

import { operationLabel, pathTemplate } from '../../src/observability/upstream-path';

describe('upstream operation labels', () => {
  it('name a call by method and path template, query dropped, ids folded', () => {
    expect(operationLabel('GET', '/purchase/download-url?order_id=1&order_line_id=2')).toBe('GET /purchase/download-url');
    expect(operationLabel('GET', '/purchase/download-url?order_id=3&order_line_id=4')).toBe('GET /purchase/download-url');
    expect(operationLabel('POST', '/dds/v1/content/9788205/status')).toBe('POST /dds/v1/content/:id/status');
  });

  it('stay right past the bound of remembered paths', () => {
    for (let id = 0; id < 2_500; id += 1) {
      const path = `/dds/content/${id}x/status`;
      expect(operationLabel('GET', path)).toBe(`GET ${pathTemplate(path)}`);
    }
    expect(operationLabel('DELETE', '/purchase/cancel?order_id=1')).toBe('DELETE /purchase/cancel');
  });
});

-- Cheaper hexagon rounding for api.hotspot_cells (issue 4: < 500 ms for 1,000,000 reports).
--
-- app.hex_key_axial rounded each cube coordinate as floor(x) + (x − floor(x) ≥ 0.5), an expression the
-- inlined SQL repeats a dozen times per report. It now rounds as floor(x + 0.5): the same cells as before
-- except for x within one ulp below a power of two minus ½ (none of the 1,000,000 bench reports moved), and
-- exactly the operations hexCellOf performs in TypeScript (src/analysis/hex-grid.ts uses Math.floor(x + 0.5)
-- for the same reason), so SQL and TypeScript still agree bit for bit. Measured on the 1M bench database:
-- the grouping query 530 → 350 ms (docs/benchmarks.md).
--
-- Nothing stores this function's result (no index, no generated column), so replacing it needs no rewrite.
create or replace function app.hex_key_axial(qf float8, rf float8) returns float8
language sql immutable parallel safe
as $$
  select case
           when abs(floor(qf + 0.5::float8) - qf) > abs(floor(rf + 0.5::float8) - rf)
            and abs(floor(qf + 0.5::float8) - qf) > abs(floor((-qf - rf) + 0.5::float8) - (-qf - rf))
           then (-floor(rf + 0.5::float8) - floor((-qf - rf) + 0.5::float8)) * 1048576::float8
                + floor(rf + 0.5::float8)
           when abs(floor(rf + 0.5::float8) - rf) > abs(floor((-qf - rf) + 0.5::float8) - (-qf - rf))
           then floor(qf + 0.5::float8) * 1048576::float8
                + (-floor(qf + 0.5::float8) - floor((-qf - rf) + 0.5::float8))
           else floor(qf + 0.5::float8) * 1048576::float8 + floor(rf + 0.5::float8)
         end
$$;
revoke execute on function app.hex_key_axial(float8, float8) from public;

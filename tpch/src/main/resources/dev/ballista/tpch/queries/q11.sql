-- TPC-H Q11: Important Stock Identification (NATION = GERMANY, FRACTION = 0.0001, which is 0.0001 / SF at SF 1)
-- "value" is quoted: VALUE is a reserved word in Calcite.
select
    ps_partkey,
    sum(ps_supplycost * ps_availqty) as "value"
from
    partsupp,
    supplier,
    nation
where
    ps_suppkey = s_suppkey
    and s_nationkey = n_nationkey
    and n_name = '${NATION}'
group by
    ps_partkey having
        sum(ps_supplycost * ps_availqty) > (
            select
                sum(ps_supplycost * ps_availqty) * ${FRACTION}
            from
                partsupp,
                supplier,
                nation
            where
                ps_suppkey = s_suppkey
                and s_nationkey = n_nationkey
                and n_name = '${NATION}'
        )
order by
    "value" desc

-- Per partner and calendar month up to the as-of date: money received, ledger costs spent, approved in-kind
-- contributed. Received: a partner, the transfers paid to it; the project owner, the funder's received payments
-- less the transfers it paid to others (the owner's own share stays with it). The rows of all partners add up to
-- the project: the funder's payments, every ledger cost and every approved contribution. $partner_id binds a
-- partner user to its own rows, so no other partner's figure leaves the database.
with owner as (
    select owner_partner_id from project where project_id = $project_id
),

transfers as (
    select
        t.partner_id,
        cast(extract(year from t.paid_date) as integer) as year,
        cast(extract(month from t.paid_date) as integer) as month,
        t.amount
    from partner_transfer as t
    cross join owner as o
    where t.project_id = $project_id and t.paid_date is not null and t.paid_date <= $as_of
      and (o.owner_partner_id is null or t.partner_id <> o.owner_partner_id)
),

funder_in as (
    select
        o.owner_partner_id as partner_id,
        cast(extract(year from f.payment_date) as integer) as year,
        cast(extract(month from f.payment_date) as integer) as month,
        f.amount
    from funder_payment as f
    cross join owner as o
    where f.project_id = $project_id and f.payment_status = 'received' and f.payment_date <= $as_of
),

received as (
    select partner_id, year, month, amount from transfers
    union all
    select partner_id, year, month, amount from funder_in
    union all
    select o.owner_partner_id as partner_id, t.year, t.month, -t.amount as amount
    from transfers as t
    cross join owner as o
),

spent as (
    select
        partner_id,
        cast(extract(year from posting_date) as integer) as year,
        cast(extract(month from posting_date) as integer) as month,
        amount
    from ledger_entry
    where project_id = $project_id and posting_date <= $as_of
),

contributed as (
    select
        partner_id,
        cast(extract(year from work_date) as integer) as year,
        cast(extract(month from work_date) as integer) as month,
        amount
    from inkind_contribution
    where project_id = $project_id and status = 'approved' and work_date <= $as_of
),

flows as (
    select partner_id, year, month, amount as received, 0 as spent, 0 as contributed from received
    union all
    select partner_id, year, month, 0 as received, amount as spent, 0 as contributed from spent
    union all
    select partner_id, year, month, 0 as received, 0 as spent, amount as contributed from contributed
)

select
    partner_id, year, month,
    cast(sum(received) as decimal(18, 2)) as received,
    cast(sum(spent) as decimal(18, 2)) as spent,
    cast(sum(contributed) as decimal(18, 2)) as contributed
from flows
where ($partner_id::varchar is null or partner_id = $partner_id::varchar)
group by partner_id, year, month
order by partner_id, year, month

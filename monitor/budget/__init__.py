"""Budget against spend: load (plan and actuals), rules (pivot, phasing, earned value), views (the Budget page's tables and figures), edit (plan versions)."""

pub mod counter_without_rate;
pub mod histogram_quantile_without_le;
pub mod promql_syntax_error;
pub mod rate_on_non_counter;

pub mod localhost_in_container_url;

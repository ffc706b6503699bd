pub async fn run(_config: crate::config::Config) -> anyhow::Result<()> {
    anyhow::bail!("demo not built yet")
}

pub async fn queue(_config: crate::config::Config, _jobs: u64) -> anyhow::Result<()> {
    anyhow::bail!("bench not built yet")
}

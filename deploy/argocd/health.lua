-- Argo CD health of an aigw platform composite (group platform.aigw.dev),
-- read from the conditions Crossplane writes on a composite resource.
-- Argo CD's built-in Crossplane check covers only the *.crossplane.io and
-- *.upbound.io groups: without this script a composite counts as healthy
-- the moment it exists, and the sync waves after it (the migration Job,
-- LiteLLM) do not wait for the database, the cache or the certificate.
--
--   Synced=False                      -> Degraded, with Crossplane's message
--   Ready=True (current generation)   -> Healthy
--   anything else, or no status       -> Progressing
local hs = {
  status = "Progressing",
  message = "Waiting for Crossplane to reconcile the composite"
}
if obj.status == nil or obj.status.conditions == nil then
  return hs
end

local ready = nil
for _, c in ipairs(obj.status.conditions) do
  if c.type == "Synced" and c.status == "False" then
    hs.status = "Degraded"
    hs.message = c.message or c.reason or "Synced is False"
    return hs
  end
  if c.type == "Ready" then
    ready = c
  end
end
if ready == nil then
  return hs
end

-- A Ready condition written for an older spec says nothing about the
-- current one: right after a spec change Argo CD would otherwise move on
-- before Crossplane has even seen the change.
local generation = obj.metadata.generation
if ready.observedGeneration ~= nil and generation ~= nil and ready.observedGeneration < generation then
  hs.message = "Waiting for Crossplane to observe generation " .. generation
  return hs
end

if ready.status == "True" then
  hs.status = "Healthy"
  hs.message = ready.message or "Ready"
  return hs
end
hs.message = ready.message or ready.reason or "Not ready"
if ready.reason ~= nil and ready.message ~= nil then
  hs.message = ready.reason .. ": " .. ready.message
end
return hs

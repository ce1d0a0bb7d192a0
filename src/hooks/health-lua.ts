/**
 * Lua (5.1, as run by Argo Events' gopher-lua) predicates over Kubernetes objects, used by the
 * rollout, job and condition hooks. Each `*_STATE` chunk defines a local function `state(o)`
 * that mirrors Argo CD's health assessment (gitops-engine `pkg/health`) and `kubectl rollout
 * status`, returning "complete", "progressing", "failed" or "paused"; the hooks compare the state
 * of the object before and after each change, so that they fire on the transition only.
 *
 * Argo Events drops JSON nulls when it builds the `event` table, so absent and null read alike,
 * and Go's zero values (0, "") are what a missing status field means.
 */

const LUA_COMMON = `local function num(v)
  if type(v) == "number" then return v end
  return 0
end
local function tbl(v)
  if type(v) == "table" then return v end
  return {}
end
local function cond(o, t)
  for _, c in ipairs(tbl(tbl(o.status).conditions)) do
    if type(c) == "table" and c.type == t then return c end
  end
  return nil
end
local function caughtUp(o)
  return num(tbl(o.metadata).generation) <= num(tbl(o.status).observedGeneration)
end`;

/** `state(o)` of a Deployment, and `revision(o)` = its `deployment.kubernetes.io/revision`. */
export const DEPLOYMENT_STATE = `${LUA_COMMON}
local function desired(o)
  local r = tbl(o.spec).replicas
  if type(r) == "number" then return r end
  return 1
end
local function state(o)
  local st = tbl(o.status)
  if tbl(o.spec).paused == true then return "paused" end
  if not caughtUp(o) then return "progressing" end
  local p = cond(o, "Progressing")
  if p ~= nil and p.reason == "ProgressDeadlineExceeded" then return "failed" end
  local updated = num(st.updatedReplicas)
  if updated < desired(o) then return "progressing" end
  if num(st.replicas) > updated then return "progressing" end
  if num(st.availableReplicas) < updated then return "progressing" end
  return "complete"
end
local function revision(o)
  return tbl(tbl(o.metadata).annotations)["deployment.kubernetes.io/revision"]
end
-- A rollout is under way when the controller reports progress; a later drop in availability
-- (a pod crash) keeps the reason NewReplicaSetAvailable and is not a rollout.
local function rolling(o)
  local p = cond(o, "Progressing")
  return p == nil or p.reason ~= "NewReplicaSetAvailable"
end`;

/** `state(o)` of a StatefulSet; `revision(o)` = `status.updateRevision`. */
export const STATEFULSET_STATE = `${LUA_COMMON}
local function desired(o)
  local r = tbl(o.spec).replicas
  if type(r) == "number" then return r end
  return 1
end
local function partition(o)
  local s = tbl(tbl(o.spec).updateStrategy)
  if s.type ~= "OnDelete" and type(s.rollingUpdate) == "table" and type(s.rollingUpdate.partition) == "number" then
    return s.rollingUpdate.partition
  end
  return nil
end
local function state(o)
  local st = tbl(o.status)
  if num(st.observedGeneration) == 0 or not caughtUp(o) then return "progressing" end
  if num(st.readyReplicas) < desired(o) then return "progressing" end
  local part = partition(o)
  if part ~= nil then
    if num(st.updatedReplicas) < desired(o) - part then return "progressing" end
    return "complete"
  end
  if tbl(tbl(o.spec).updateStrategy).type == "OnDelete" then return "complete" end
  if st.updateRevision ~= st.currentRevision then return "progressing" end
  return "complete"
end
local function revision(o)
  return tbl(o.status).updateRevision
end
-- Pods are being moved to the update revision (readiness drops alone are not a rollout). The
-- controller counts a pod as updated when it is created and moves currentRevision only once every
-- pod is updated and ready, so a revision gap also covers the last pod becoming ready. (The API
-- server defaults the partition to 0, so most StatefulSets take the first branch.)
local function rolling(o)
  local st = tbl(o.status)
  local part = partition(o)
  if part ~= nil then return num(st.updatedReplicas) < desired(o) - part or st.updateRevision ~= st.currentRevision end
  if tbl(tbl(o.spec).updateStrategy).type == "OnDelete" then return false end
  return st.updateRevision ~= st.currentRevision
end`;

/** `state(o)` of a DaemonSet; `revision(o)` = `metadata.generation` (it has no replicas to scale). */
export const DAEMONSET_STATE = `${LUA_COMMON}
local function desired(o)
  return num(tbl(o.status).desiredNumberScheduled)
end
local function state(o)
  local st = tbl(o.status)
  if not caughtUp(o) then return "progressing" end
  if tbl(tbl(o.spec).updateStrategy).type == "OnDelete" then return "complete" end
  if num(st.updatedNumberScheduled) < num(st.desiredNumberScheduled) then return "progressing" end
  if num(st.numberAvailable) < num(st.desiredNumberScheduled) then return "progressing" end
  return "complete"
end
local function revision(o)
  return tbl(o.metadata).generation
end
-- A DaemonSet reports nothing that tells the tail of a rollout (pods becoming available on the
-- new revision) from a pod recovering later, so every return to complete counts; Jobs are keyed on
-- the generation and do not run twice.
local function rolling(o)
  return true
end`;

/** `state(o)` of a Job: "failed", "complete", "paused" (suspended) or "progressing". */
export const JOB_STATE = `${LUA_COMMON}
local function state(o)
  -- Like Argo CD, only the condition types count.
  if cond(o, "Failed") ~= nil then return "failed" end
  if cond(o, "Complete") ~= nil then return "complete" end
  local s = cond(o, "Suspended")
  if s ~= nil and s.status == "True" then return "paused" end
  return "progressing"
end`;

/** The helpers of every chunk: `num`, `tbl`, `cond`, `caughtUp`. */
export const CONDITION_HELPERS = LUA_COMMON;

/** Guard shared by transition filters: UPDATE events with both objects. */
export const LUA_UPDATE_GUARD = `local new, old = event.body, event.oldBody
if event.type ~= "UPDATE" or type(new) ~= "table" or type(old) ~= "table" then return false end`;

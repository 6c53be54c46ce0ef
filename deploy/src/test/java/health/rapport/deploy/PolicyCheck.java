package health.rapport.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/** What every Deployment of Rapport must have, whatever the overlay. */
final class PolicyCheck {

    private static final Map<String, String> PROBES = Map.of("startupProbe", "/q/health/started",
            "livenessProbe", "/q/health/live", "readinessProbe", "/q/health/ready");

    private PolicyCheck() {
    }

    static List<String> check(Manifests manifests) {
        List<String> problems = new ArrayList<>();
        List<JsonNode> deployments = manifests.ofKind("Deployment");
        if (deployments.isEmpty()) {
            problems.add("no Deployment at all");
        }
        for (JsonNode deployment : deployments) {
            problems.addAll(check(deployment));
        }
        return problems;
    }

    static List<String> check(JsonNode deployment) {
        String id = Manifests.id(deployment);
        List<String> problems = new ArrayList<>();
        JsonNode pod = deployment.path("spec").path("template").path("spec");
        JsonNode podSecurity = pod.path("securityContext");
        if (pod.path("terminationGracePeriodSeconds").asInt(30) < 30) {
            problems.add(id + ": terminationGracePeriodSeconds below 30 s leaves no time to commit and drain");
        }
        JsonNode containers = pod.path("containers");
        if (!containers.isArray() || containers.isEmpty()) {
            problems.add(id + ": no containers");
        }
        for (JsonNode c : containers) {
            String cid = id + " container " + c.path("name").asText();
            PROBES.forEach((probe, path) -> {
                JsonNode p = c.path(probe);
                if (p.isMissingNode()) {
                    problems.add(cid + ": no " + probe);
                } else if (!path.equals(p.path("httpGet").path("path").asText())) {
                    problems.add(cid + ": " + probe + " is not an HTTP GET of " + path);
                }
            });
            for (String kind : List.of("requests", "limits")) {
                for (String resource : List.of("cpu", "memory")) {
                    if (c.path("resources").path(kind).path(resource).isMissingNode()) {
                        problems.add(cid + ": no resources." + kind + "." + resource);
                    }
                }
            }
            JsonNode security = c.path("securityContext");
            boolean nonRoot = security.path("runAsNonRoot").asBoolean(podSecurity.path("runAsNonRoot").asBoolean(false));
            if (!nonRoot) {
                problems.add(cid + ": runAsNonRoot is not true");
            }
            long uid = security.path("runAsUser").asLong(podSecurity.path("runAsUser").asLong(-1));
            if (uid == 0) {
                problems.add(cid + ": runAsUser is 0 (root)");
            }
            if (!security.path("readOnlyRootFilesystem").asBoolean(false)) {
                problems.add(cid + ": readOnlyRootFilesystem is not true");
            }
            if (security.path("allowPrivilegeEscalation").asBoolean(true)) {
                problems.add(cid + ": allowPrivilegeEscalation is not false");
            }
            boolean dropsAll = false;
            for (JsonNode cap : security.path("capabilities").path("drop")) {
                dropsAll |= cap.asText().equals("ALL");
            }
            if (!dropsAll) {
                problems.add(cid + ": capabilities do not drop ALL");
            }
            String image = c.path("image").asText();
            String afterSlash = image.substring(image.lastIndexOf('/') + 1);
            if (image.contains("@sha256:")) {
                // pinned by digest: fine
            } else if (!afterSlash.contains(":")) {
                problems.add(cid + ": image " + image + " has no tag");
            } else if (afterSlash.endsWith(":latest")) {
                problems.add(cid + ": image " + image + " uses the latest tag");
            }
            if (c.path("lifecycle").path("preStop").isMissingNode()) {
                problems.add(cid + ": no preStop hook (requests would reach a pod that is shutting down)");
            }
        }
        return problems;
    }
}

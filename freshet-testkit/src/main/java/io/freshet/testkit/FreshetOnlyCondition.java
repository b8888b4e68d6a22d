package io.freshet.testkit;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/** Evaluates {@link FreshetOnly}: disabled, with its reason, only when the tests run against an external broker. */
public final class FreshetOnlyCondition implements ExecutionCondition {

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (!ExternalBroker.isSet()) {
            return ConditionEvaluationResult.enabled("against Freshet");
        }
        return context.getElement()
                .flatMap(element -> AnnotationSupport.findAnnotation(element, FreshetOnly.class))
                .map(only -> ConditionEvaluationResult.disabled("Freshet-only: " + only.value()))
                .orElseGet(() -> ConditionEvaluationResult.enabled("not Freshet-only"));
    }
}

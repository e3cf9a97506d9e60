package io.conntrack4j.internal.access;

/**
 * Hands the model's non-public constructors to this project's backend modules (the JDK's "shared secrets" pattern):
 * a model class registers its constructor here when it is initialized. Internal: exported only to those modules.
 */
public final class ModelAccess {
    private static volatile FlowAssembler flows;

    private ModelAccess() {
    }

    /**
     * Called once, by {@code Flow}'s static initializer.
     *
     * @param assembler the flow constructor
     */
    public static void register(final FlowAssembler assembler) {
        flows = assembler;
    }

    /** @return the flow constructor (initializes {@code Flow} if it is not yet) */
    public static FlowAssembler flows() {
        FlowAssembler assembler = flows;
        if (assembler == null) {
            initialize("io.conntrack4j.model.Flow");
            assembler = flows;
        }
        return assembler;
    }

    private static void initialize(final String className) {
        try {
            Class.forName(className, true, ModelAccess.class.getClassLoader());
        } catch (final ClassNotFoundException e) {
            throw new IllegalStateException("the model class " + className + " is missing", e);
        }
    }
}

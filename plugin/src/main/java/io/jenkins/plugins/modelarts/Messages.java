package io.jenkins.plugins.modelarts;

import org.jvnet.localizer.Localizable;
import org.jvnet.localizer.ResourceBundleHolder;

/**
 * The texts of {@code Messages.properties}, one method per key, in the form the localizer generator writes: {@code Key()}
 * formats the text now, {@code _Key()} returns a {@link Localizable} formatted later in the reader's locale.
 * Written by hand because the localizer Maven plugin is not available to this build; {@code MessagesTest} checks that
 * it matches the properties file.
 */
@SuppressWarnings({"unused", "checkstyle:MethodName"})
public final class Messages {

    private static final ResourceBundleHolder holder = ResourceBundleHolder.get(Messages.class);

    private Messages() {
    }

    /** {@code ModelArtsTrainStep.DisplayName}. */
    public static String ModelArtsTrainStep_DisplayName() {
        return holder.format("ModelArtsTrainStep.DisplayName");
    }

    /** {@code ModelArtsTrainStep.DisplayName}, localizable. */
    public static Localizable _ModelArtsTrainStep_DisplayName() {
        return new Localizable(holder, "ModelArtsTrainStep.DisplayName");
    }

    /** {@code ModelArtsTrainBuilder.DisplayName}. */
    public static String ModelArtsTrainBuilder_DisplayName() {
        return holder.format("ModelArtsTrainBuilder.DisplayName");
    }

    /** {@code ModelArtsTrainBuilder.DisplayName}, localizable. */
    public static Localizable _ModelArtsTrainBuilder_DisplayName() {
        return new Localizable(holder, "ModelArtsTrainBuilder.DisplayName");
    }

    /** {@code ModelArtsGlobalConfiguration.DisplayName}. */
    public static String ModelArtsGlobalConfiguration_DisplayName() {
        return holder.format("ModelArtsGlobalConfiguration.DisplayName");
    }

    /** {@code ModelArtsGlobalConfiguration.DisplayName}, localizable. */
    public static Localizable _ModelArtsGlobalConfiguration_DisplayName() {
        return new Localizable(holder, "ModelArtsGlobalConfiguration.DisplayName");
    }

    /** {@code ModelArtsGlobalConfiguration.NoCluster}. */
    public static String ModelArtsGlobalConfiguration_NoCluster() {
        return holder.format("ModelArtsGlobalConfiguration.NoCluster");
    }

    /** {@code ModelArtsGlobalConfiguration.NoCluster}, localizable. */
    public static Localizable _ModelArtsGlobalConfiguration_NoCluster() {
        return new Localizable(holder, "ModelArtsGlobalConfiguration.NoCluster");
    }

    /** {@code ModelArtsGlobalConfiguration.UnknownCluster}. */
    public static String ModelArtsGlobalConfiguration_UnknownCluster(Object arg0, Object arg1) {
        return holder.format("ModelArtsGlobalConfiguration.UnknownCluster", arg0, arg1);
    }

    /** {@code ModelArtsGlobalConfiguration.UnknownCluster}, localizable. */
    public static Localizable _ModelArtsGlobalConfiguration_UnknownCluster(Object arg0, Object arg1) {
        return new Localizable(holder, "ModelArtsGlobalConfiguration.UnknownCluster", arg0, arg1);
    }

    /** {@code ModelArtsGlobalConfiguration.InvalidCatalog}. */
    public static String ModelArtsGlobalConfiguration_InvalidCatalog() {
        return holder.format("ModelArtsGlobalConfiguration.InvalidCatalog");
    }

    /** {@code ModelArtsGlobalConfiguration.InvalidCatalog}, localizable. */
    public static Localizable _ModelArtsGlobalConfiguration_InvalidCatalog() {
        return new Localizable(holder, "ModelArtsGlobalConfiguration.InvalidCatalog");
    }

    /** {@code ModelArtsPermissions.GroupTitle}. */
    public static String ModelArtsPermissions_GroupTitle() {
        return holder.format("ModelArtsPermissions.GroupTitle");
    }

    /** {@code ModelArtsPermissions.GroupTitle}, localizable. */
    public static Localizable _ModelArtsPermissions_GroupTitle() {
        return new Localizable(holder, "ModelArtsPermissions.GroupTitle");
    }

    /** {@code ModelArtsPermissions.HighestJobPriority.Description}. */
    public static String ModelArtsPermissions_HighestJobPriority_Description() {
        return holder.format("ModelArtsPermissions.HighestJobPriority.Description");
    }

    /** {@code ModelArtsPermissions.HighestJobPriority.Description}, localizable. */
    public static Localizable _ModelArtsPermissions_HighestJobPriority_Description() {
        return new Localizable(holder, "ModelArtsPermissions.HighestJobPriority.Description");
    }

    /** {@code TrainAlgorithm.DisplayName}. */
    public static String TrainAlgorithm_DisplayName() {
        return holder.format("TrainAlgorithm.DisplayName");
    }

    /** {@code TrainAlgorithm.DisplayName}, localizable. */
    public static Localizable _TrainAlgorithm_DisplayName() {
        return new Localizable(holder, "TrainAlgorithm.DisplayName");
    }

    /** {@code TrainAlgorithm.BootMode.Inferred}. */
    public static String TrainAlgorithm_BootMode_Inferred() {
        return holder.format("TrainAlgorithm.BootMode.Inferred");
    }

    /** {@code TrainAlgorithm.BootMode.Inferred}, localizable. */
    public static Localizable _TrainAlgorithm_BootMode_Inferred() {
        return new Localizable(holder, "TrainAlgorithm.BootMode.Inferred");
    }

    /** {@code TrainAlgorithm.BootMode.CustomImage}. */
    public static String TrainAlgorithm_BootMode_CustomImage() {
        return holder.format("TrainAlgorithm.BootMode.CustomImage");
    }

    /** {@code TrainAlgorithm.BootMode.CustomImage}, localizable. */
    public static Localizable _TrainAlgorithm_BootMode_CustomImage() {
        return new Localizable(holder, "TrainAlgorithm.BootMode.CustomImage");
    }

    /** {@code TrainAlgorithm.BootMode.PresetImage}. */
    public static String TrainAlgorithm_BootMode_PresetImage() {
        return holder.format("TrainAlgorithm.BootMode.PresetImage");
    }

    /** {@code TrainAlgorithm.BootMode.PresetImage}, localizable. */
    public static Localizable _TrainAlgorithm_BootMode_PresetImage() {
        return new Localizable(holder, "TrainAlgorithm.BootMode.PresetImage");
    }

    /** {@code DataInput.DisplayName}. */
    public static String DataInput_DisplayName() {
        return holder.format("DataInput.DisplayName");
    }

    /** {@code DataInput.DisplayName}, localizable. */
    public static Localizable _DataInput_DisplayName() {
        return new Localizable(holder, "DataInput.DisplayName");
    }

    /** {@code DataOutput.DisplayName}. */
    public static String DataOutput_DisplayName() {
        return holder.format("DataOutput.DisplayName");
    }

    /** {@code DataOutput.DisplayName}, localizable. */
    public static Localizable _DataOutput_DisplayName() {
        return new Localizable(holder, "DataOutput.DisplayName");
    }

    /** {@code DataChannel.ObtainedFrom.Hyperparameters}. */
    public static String DataChannel_ObtainedFrom_Hyperparameters() {
        return holder.format("DataChannel.ObtainedFrom.Hyperparameters");
    }

    /** {@code DataChannel.ObtainedFrom.Hyperparameters}, localizable. */
    public static Localizable _DataChannel_ObtainedFrom_Hyperparameters() {
        return new Localizable(holder, "DataChannel.ObtainedFrom.Hyperparameters");
    }

    /** {@code DataChannel.ObtainedFrom.Environment}. */
    public static String DataChannel_ObtainedFrom_Environment() {
        return holder.format("DataChannel.ObtainedFrom.Environment");
    }

    /** {@code DataChannel.ObtainedFrom.Environment}, localizable. */
    public static Localizable _DataChannel_ObtainedFrom_Environment() {
        return new Localizable(holder, "DataChannel.ObtainedFrom.Environment");
    }

    /** {@code Hyperparameter.DisplayName}. */
    public static String Hyperparameter_DisplayName() {
        return holder.format("Hyperparameter.DisplayName");
    }

    /** {@code Hyperparameter.DisplayName}, localizable. */
    public static Localizable _Hyperparameter_DisplayName() {
        return new Localizable(holder, "Hyperparameter.DisplayName");
    }

    /** {@code EnvironmentVariable.DisplayName}. */
    public static String EnvironmentVariable_DisplayName() {
        return holder.format("EnvironmentVariable.DisplayName");
    }

    /** {@code EnvironmentVariable.DisplayName}, localizable. */
    public static Localizable _EnvironmentVariable_DisplayName() {
        return new Localizable(holder, "EnvironmentVariable.DisplayName");
    }

    /** {@code TrainResources.DisplayName}. */
    public static String TrainResources_DisplayName() {
        return holder.format("TrainResources.DisplayName");
    }

    /** {@code TrainResources.DisplayName}, localizable. */
    public static Localizable _TrainResources_DisplayName() {
        return new Localizable(holder, "TrainResources.DisplayName");
    }

    /** {@code TrainResources.Type.FromFlavor}. */
    public static String TrainResources_Type_FromFlavor() {
        return holder.format("TrainResources.Type.FromFlavor");
    }

    /** {@code TrainResources.Type.FromFlavor}, localizable. */
    public static Localizable _TrainResources_Type_FromFlavor() {
        return new Localizable(holder, "TrainResources.Type.FromFlavor");
    }

    /** {@code TrainResources.Pool.FromFile}. */
    public static String TrainResources_Pool_FromFile() {
        return holder.format("TrainResources.Pool.FromFile");
    }

    /** {@code TrainResources.Pool.FromFile}, localizable. */
    public static Localizable _TrainResources_Pool_FromFile() {
        return new Localizable(holder, "TrainResources.Pool.FromFile");
    }

    /** {@code SfsTurbo.DisplayName}. */
    public static String SfsTurbo_DisplayName() {
        return holder.format("SfsTurbo.DisplayName");
    }

    /** {@code SfsTurbo.DisplayName}, localizable. */
    public static Localizable _SfsTurbo_DisplayName() {
        return new Localizable(holder, "SfsTurbo.DisplayName");
    }

    /** {@code ParallelFileSystem.DisplayName}. */
    public static String ParallelFileSystem_DisplayName() {
        return holder.format("ParallelFileSystem.DisplayName");
    }

    /** {@code ParallelFileSystem.DisplayName}, localizable. */
    public static Localizable _ParallelFileSystem_DisplayName() {
        return new Localizable(holder, "ParallelFileSystem.DisplayName");
    }

    /** {@code KubernetesCluster.DisplayName}. */
    public static String KubernetesCluster_DisplayName() {
        return holder.format("KubernetesCluster.DisplayName");
    }

    /** {@code KubernetesCluster.DisplayName}, localizable. */
    public static Localizable _KubernetesCluster_DisplayName() {
        return new Localizable(holder, "KubernetesCluster.DisplayName");
    }

    /** {@code KubernetesCluster.Name.Required}. */
    public static String KubernetesCluster_Name_Required() {
        return holder.format("KubernetesCluster.Name.Required");
    }

    /** {@code KubernetesCluster.Name.Required}, localizable. */
    public static Localizable _KubernetesCluster_Name_Required() {
        return new Localizable(holder, "KubernetesCluster.Name.Required");
    }

    /** {@code KubernetesCluster.ServerUrl.Invalid}. */
    public static String KubernetesCluster_ServerUrl_Invalid() {
        return holder.format("KubernetesCluster.ServerUrl.Invalid");
    }

    /** {@code KubernetesCluster.ServerUrl.Invalid}, localizable. */
    public static Localizable _KubernetesCluster_ServerUrl_Invalid() {
        return new Localizable(holder, "KubernetesCluster.ServerUrl.Invalid");
    }

    /** {@code KubernetesCluster.Namespace.Invalid}. */
    public static String KubernetesCluster_Namespace_Invalid() {
        return holder.format("KubernetesCluster.Namespace.Invalid");
    }

    /** {@code KubernetesCluster.Namespace.Invalid}, localizable. */
    public static Localizable _KubernetesCluster_Namespace_Invalid() {
        return new Localizable(holder, "KubernetesCluster.Namespace.Invalid");
    }

    /** {@code KubernetesCluster.SkipTlsVerify.Warning}. */
    public static String KubernetesCluster_SkipTlsVerify_Warning() {
        return holder.format("KubernetesCluster.SkipTlsVerify.Warning");
    }

    /** {@code KubernetesCluster.SkipTlsVerify.Warning}, localizable. */
    public static Localizable _KubernetesCluster_SkipTlsVerify_Warning() {
        return new Localizable(holder, "KubernetesCluster.SkipTlsVerify.Warning");
    }

    /** {@code KubernetesCluster.Credentials.NotFound}. */
    public static String KubernetesCluster_Credentials_NotFound(Object arg0) {
        return holder.format("KubernetesCluster.Credentials.NotFound", arg0);
    }

    /** {@code KubernetesCluster.Credentials.NotFound}, localizable. */
    public static Localizable _KubernetesCluster_Credentials_NotFound(Object arg0) {
        return new Localizable(holder, "KubernetesCluster.Credentials.NotFound", arg0);
    }

    /** {@code KubernetesCluster.Credentials.WrongType}. */
    public static String KubernetesCluster_Credentials_WrongType(Object arg0) {
        return holder.format("KubernetesCluster.Credentials.WrongType", arg0);
    }

    /** {@code KubernetesCluster.Credentials.WrongType}, localizable. */
    public static Localizable _KubernetesCluster_Credentials_WrongType(Object arg0) {
        return new Localizable(holder, "KubernetesCluster.Credentials.WrongType", arg0);
    }

    /** {@code KubernetesCluster.Connected}. */
    public static String KubernetesCluster_Connected(Object arg0, Object arg1) {
        return holder.format("KubernetesCluster.Connected", arg0, arg1);
    }

    /** {@code KubernetesCluster.Connected}, localizable. */
    public static Localizable _KubernetesCluster_Connected(Object arg0, Object arg1) {
        return new Localizable(holder, "KubernetesCluster.Connected", arg0, arg1);
    }

    /** {@code KubernetesCluster.ConnectionFailed}. */
    public static String KubernetesCluster_ConnectionFailed(Object arg0) {
        return holder.format("KubernetesCluster.ConnectionFailed", arg0);
    }

    /** {@code KubernetesCluster.ConnectionFailed}, localizable. */
    public static Localizable _KubernetesCluster_ConnectionFailed(Object arg0) {
        return new Localizable(holder, "KubernetesCluster.ConnectionFailed", arg0);
    }

    /** {@code ResourcePool.DisplayName}. */
    public static String ResourcePool_DisplayName() {
        return holder.format("ResourcePool.DisplayName");
    }

    /** {@code ResourcePool.DisplayName}, localizable. */
    public static Localizable _ResourcePool_DisplayName() {
        return new Localizable(holder, "ResourcePool.DisplayName");
    }

    /** {@code ResourcePool.Name.Required}. */
    public static String ResourcePool_Name_Required() {
        return holder.format("ResourcePool.Name.Required");
    }

    /** {@code ResourcePool.Name.Required}, localizable. */
    public static Localizable _ResourcePool_Name_Required() {
        return new Localizable(holder, "ResourcePool.Name.Required");
    }

    /** {@code ResourcePool.Type.Dedicated}. */
    public static String ResourcePool_Type_Dedicated() {
        return holder.format("ResourcePool.Type.Dedicated");
    }

    /** {@code ResourcePool.Type.Dedicated}, localizable. */
    public static Localizable _ResourcePool_Type_Dedicated() {
        return new Localizable(holder, "ResourcePool.Type.Dedicated");
    }

    /** {@code ResourcePool.Type.Public}. */
    public static String ResourcePool_Type_Public() {
        return holder.format("ResourcePool.Type.Public");
    }

    /** {@code ResourcePool.Type.Public}, localizable. */
    public static Localizable _ResourcePool_Type_Public() {
        return new Localizable(holder, "ResourcePool.Type.Public");
    }

    /** {@code PoolFlavor.DisplayName}. */
    public static String PoolFlavor_DisplayName() {
        return holder.format("PoolFlavor.DisplayName");
    }

    /** {@code PoolFlavor.DisplayName}, localizable. */
    public static Localizable _PoolFlavor_DisplayName() {
        return new Localizable(holder, "PoolFlavor.DisplayName");
    }

    /** {@code PoolEngine.DisplayName}. */
    public static String PoolEngine_DisplayName() {
        return holder.format("PoolEngine.DisplayName");
    }

    /** {@code PoolEngine.DisplayName}, localizable. */
    public static Localizable _PoolEngine_DisplayName() {
        return new Localizable(holder, "PoolEngine.DisplayName");
    }

    /** {@code StorageClaim.DisplayName}. */
    public static String StorageClaim_DisplayName() {
        return holder.format("StorageClaim.DisplayName");
    }

    /** {@code StorageClaim.DisplayName}, localizable. */
    public static Localizable _StorageClaim_DisplayName() {
        return new Localizable(holder, "StorageClaim.DisplayName");
    }

    /** {@code PriorityClassMapping.DisplayName}. */
    public static String PriorityClassMapping_DisplayName() {
        return holder.format("PriorityClassMapping.DisplayName");
    }

    /** {@code PriorityClassMapping.DisplayName}, localizable. */
    public static Localizable _PriorityClassMapping_DisplayName() {
        return new Localizable(holder, "PriorityClassMapping.DisplayName");
    }

    /** {@code NodeLabel.DisplayName}. */
    public static String NodeLabel_DisplayName() {
        return holder.format("NodeLabel.DisplayName");
    }

    /** {@code NodeLabel.DisplayName}, localizable. */
    public static Localizable _NodeLabel_DisplayName() {
        return new Localizable(holder, "NodeLabel.DisplayName");
    }

    /** {@code PoolToleration.DisplayName}. */
    public static String PoolToleration_DisplayName() {
        return holder.format("PoolToleration.DisplayName");
    }

    /** {@code PoolToleration.DisplayName}, localizable. */
    public static Localizable _PoolToleration_DisplayName() {
        return new Localizable(holder, "PoolToleration.DisplayName");
    }

    /** {@code PoolToleration.Effect.Any}. */
    public static String PoolToleration_Effect_Any() {
        return holder.format("PoolToleration.Effect.Any");
    }

    /** {@code PoolToleration.Effect.Any}, localizable. */
    public static Localizable _PoolToleration_Effect_Any() {
        return new Localizable(holder, "PoolToleration.Effect.Any");
    }

    /** {@code ObjectStoreSettings.DisplayName}. */
    public static String ObjectStoreSettings_DisplayName() {
        return holder.format("ObjectStoreSettings.DisplayName");
    }

    /** {@code ObjectStoreSettings.DisplayName}, localizable. */
    public static Localizable _ObjectStoreSettings_DisplayName() {
        return new Localizable(holder, "ObjectStoreSettings.DisplayName");
    }

    /** {@code ObjectStoreSettings.CredentialsSecret.Invalid}. */
    public static String ObjectStoreSettings_CredentialsSecret_Invalid() {
        return holder.format("ObjectStoreSettings.CredentialsSecret.Invalid");
    }

    /** {@code ObjectStoreSettings.CredentialsSecret.Invalid}, localizable. */
    public static Localizable _ObjectStoreSettings_CredentialsSecret_Invalid() {
        return new Localizable(holder, "ObjectStoreSettings.CredentialsSecret.Invalid");
    }

    /** {@code ObjectStoreSettings.Credentials.NotFound}. */
    public static String ObjectStoreSettings_Credentials_NotFound(Object arg0) {
        return holder.format("ObjectStoreSettings.Credentials.NotFound", arg0);
    }

    /** {@code ObjectStoreSettings.Credentials.NotFound}, localizable. */
    public static Localizable _ObjectStoreSettings_Credentials_NotFound(Object arg0) {
        return new Localizable(holder, "ObjectStoreSettings.Credentials.NotFound", arg0);
    }

    /** {@code ObjectStoreSettings.Connected}. */
    public static String ObjectStoreSettings_Connected() {
        return holder.format("ObjectStoreSettings.Connected");
    }

    /** {@code ObjectStoreSettings.Connected}, localizable. */
    public static Localizable _ObjectStoreSettings_Connected() {
        return new Localizable(holder, "ObjectStoreSettings.Connected");
    }

    /** {@code ObjectStoreSettings.ConnectionFailed}. */
    public static String ObjectStoreSettings_ConnectionFailed(Object arg0) {
        return holder.format("ObjectStoreSettings.ConnectionFailed", arg0);
    }

    /** {@code ObjectStoreSettings.ConnectionFailed}, localizable. */
    public static Localizable _ObjectStoreSettings_ConnectionFailed(Object arg0) {
        return new Localizable(holder, "ObjectStoreSettings.ConnectionFailed", arg0);
    }

    /** {@code StepForms.Backend.Default}. */
    public static String StepForms_Backend_Default() {
        return holder.format("StepForms.Backend.Default");
    }

    /** {@code StepForms.Backend.Default}, localizable. */
    public static Localizable _StepForms_Backend_Default() {
        return new Localizable(holder, "StepForms.Backend.Default");
    }

    /** {@code StepForms.Backend.Kubernetes}. */
    public static String StepForms_Backend_Kubernetes() {
        return holder.format("StepForms.Backend.Kubernetes");
    }

    /** {@code StepForms.Backend.Kubernetes}, localizable. */
    public static Localizable _StepForms_Backend_Kubernetes() {
        return new Localizable(holder, "StepForms.Backend.Kubernetes");
    }

    /** {@code StepForms.Backend.Local}. */
    public static String StepForms_Backend_Local() {
        return holder.format("StepForms.Backend.Local");
    }

    /** {@code StepForms.Backend.Local}, localizable. */
    public static Localizable _StepForms_Backend_Local() {
        return new Localizable(holder, "StepForms.Backend.Local");
    }

    /** {@code StepForms.Cluster.Default}. */
    public static String StepForms_Cluster_Default() {
        return holder.format("StepForms.Cluster.Default");
    }

    /** {@code StepForms.Cluster.Default}, localizable. */
    public static Localizable _StepForms_Cluster_Default() {
        return new Localizable(holder, "StepForms.Cluster.Default");
    }

    /** {@code StepForms.File.NotRelative}. */
    public static String StepForms_File_NotRelative() {
        return holder.format("StepForms.File.NotRelative");
    }

    /** {@code StepForms.File.NotRelative}, localizable. */
    public static Localizable _StepForms_File_NotRelative() {
        return new Localizable(holder, "StepForms.File.NotRelative");
    }

    /** {@code StepForms.File.Extension}. */
    public static String StepForms_File_Extension() {
        return holder.format("StepForms.File.Extension");
    }

    /** {@code StepForms.File.Extension}, localizable. */
    public static Localizable _StepForms_File_Extension() {
        return new Localizable(holder, "StepForms.File.Extension");
    }

    /** {@code StepForms.Archive.Invalid}. */
    public static String StepForms_Archive_Invalid(Object arg0) {
        return holder.format("StepForms.Archive.Invalid", arg0);
    }

    /** {@code StepForms.Archive.Invalid}, localizable. */
    public static Localizable _StepForms_Archive_Invalid(Object arg0) {
        return new Localizable(holder, "StepForms.Archive.Invalid", arg0);
    }

    /** {@code JobSetup.NoBackend}. */
    public static String JobSetup_NoBackend() {
        return holder.format("JobSetup.NoBackend");
    }

    /** {@code JobSetup.NoBackend}, localizable. */
    public static Localizable _JobSetup_NoBackend() {
        return new Localizable(holder, "JobSetup.NoBackend");
    }

    /** {@code JobSetup.UnknownBackend}. */
    public static String JobSetup_UnknownBackend(Object arg0) {
        return holder.format("JobSetup.UnknownBackend", arg0);
    }

    /** {@code JobSetup.UnknownBackend}, localizable. */
    public static Localizable _JobSetup_UnknownBackend(Object arg0) {
        return new Localizable(holder, "JobSetup.UnknownBackend", arg0);
    }

    /** {@code JobSetup.FileNeedsWorkspace}. */
    public static String JobSetup_FileNeedsWorkspace(Object arg0) {
        return holder.format("JobSetup.FileNeedsWorkspace", arg0);
    }

    /** {@code JobSetup.FileNeedsWorkspace}, localizable. */
    public static Localizable _JobSetup_FileNeedsWorkspace(Object arg0) {
        return new Localizable(holder, "JobSetup.FileNeedsWorkspace", arg0);
    }

    /** {@code JobSetup.FileNotFound}. */
    public static String JobSetup_FileNotFound(Object arg0, Object arg1) {
        return holder.format("JobSetup.FileNotFound", arg0, arg1);
    }

    /** {@code JobSetup.FileNotFound}, localizable. */
    public static Localizable _JobSetup_FileNotFound(Object arg0, Object arg1) {
        return new Localizable(holder, "JobSetup.FileNotFound", arg0, arg1);
    }

    /** {@code JobSetup.AssetsNeedsWorkspace}. */
    public static String JobSetup_AssetsNeedsWorkspace(Object arg0) {
        return holder.format("JobSetup.AssetsNeedsWorkspace", arg0);
    }

    /** {@code JobSetup.AssetsNeedsWorkspace}, localizable. */
    public static Localizable _JobSetup_AssetsNeedsWorkspace(Object arg0) {
        return new Localizable(holder, "JobSetup.AssetsNeedsWorkspace", arg0);
    }

    /** {@code JobSetup.AssetsNotFound}. */
    public static String JobSetup_AssetsNotFound(Object arg0, Object arg1) {
        return holder.format("JobSetup.AssetsNotFound", arg0, arg1);
    }

    /** {@code JobSetup.AssetsNotFound}, localizable. */
    public static Localizable _JobSetup_AssetsNotFound(Object arg0, Object arg1) {
        return new Localizable(holder, "JobSetup.AssetsNotFound", arg0, arg1);
    }

    /** {@code JobSetup.AssetsInvalid}. */
    public static String JobSetup_AssetsInvalid(Object arg0) {
        return holder.format("JobSetup.AssetsInvalid", arg0);
    }

    /** {@code JobSetup.AssetsInvalid}, localizable. */
    public static Localizable _JobSetup_AssetsInvalid(Object arg0) {
        return new Localizable(holder, "JobSetup.AssetsInvalid", arg0);
    }

    /** {@code JobSetup.FileNotMapping}. */
    public static String JobSetup_FileNotMapping(Object arg0) {
        return holder.format("JobSetup.FileNotMapping", arg0);
    }

    /** {@code JobSetup.FileNotMapping}, localizable. */
    public static Localizable _JobSetup_FileNotMapping(Object arg0) {
        return new Localizable(holder, "JobSetup.FileNotMapping", arg0);
    }

    /** {@code JobSetup.Invalid}. */
    public static String JobSetup_Invalid() {
        return holder.format("JobSetup.Invalid");
    }

    /** {@code JobSetup.Invalid}, localizable. */
    public static Localizable _JobSetup_Invalid() {
        return new Localizable(holder, "JobSetup.Invalid");
    }

    /** {@code JobSetup.InvalidWithFile}. */
    public static String JobSetup_InvalidWithFile(Object arg0) {
        return holder.format("JobSetup.InvalidWithFile", arg0);
    }

    /** {@code JobSetup.InvalidWithFile}, localizable. */
    public static Localizable _JobSetup_InvalidWithFile(Object arg0) {
        return new Localizable(holder, "JobSetup.InvalidWithFile", arg0);
    }

    /** {@code JobSetup.ClusterCredentialsNotFound}. */
    public static String JobSetup_ClusterCredentialsNotFound(Object arg0, Object arg1) {
        return holder.format("JobSetup.ClusterCredentialsNotFound", arg0, arg1);
    }

    /** {@code JobSetup.ClusterCredentialsNotFound}, localizable. */
    public static Localizable _JobSetup_ClusterCredentialsNotFound(Object arg0, Object arg1) {
        return new Localizable(holder, "JobSetup.ClusterCredentialsNotFound", arg0, arg1);
    }

    /** {@code JobSetup.StoreCredentialsNotFound}. */
    public static String JobSetup_StoreCredentialsNotFound(Object arg0) {
        return holder.format("JobSetup.StoreCredentialsNotFound", arg0);
    }

    /** {@code JobSetup.StoreCredentialsNotFound}, localizable. */
    public static Localizable _JobSetup_StoreCredentialsNotFound(Object arg0) {
        return new Localizable(holder, "JobSetup.StoreCredentialsNotFound", arg0);
    }

    /** {@code JobSetup.ResumeWithoutPlan}. */
    public static String JobSetup_ResumeWithoutPlan() {
        return holder.format("JobSetup.ResumeWithoutPlan");
    }

    /** {@code JobSetup.ResumeWithoutPlan}, localizable. */
    public static Localizable _JobSetup_ResumeWithoutPlan() {
        return new Localizable(holder, "JobSetup.ResumeWithoutPlan");
    }

    /** {@code JobSummary.Failed}. */
    public static String JobSummary_Failed(Object arg0, Object arg1) {
        return holder.format("JobSummary.Failed", arg0, arg1);
    }

    /** {@code JobSummary.Failed}, localizable. */
    public static Localizable _JobSummary_Failed(Object arg0, Object arg1) {
        return new Localizable(holder, "JobSummary.Failed", arg0, arg1);
    }

    /** {@code ModelArtsTrainExecution.Submitting}. */
    public static String ModelArtsTrainExecution_Submitting(Object arg0, Object arg1) {
        return holder.format("ModelArtsTrainExecution.Submitting", arg0, arg1);
    }

    /** {@code ModelArtsTrainExecution.Submitting}, localizable. */
    public static Localizable _ModelArtsTrainExecution_Submitting(Object arg0, Object arg1) {
        return new Localizable(holder, "ModelArtsTrainExecution.Submitting", arg0, arg1);
    }

    /** {@code ModelArtsTrainExecution.SubmittingLocal}. */
    public static String ModelArtsTrainExecution_SubmittingLocal(Object arg0) {
        return holder.format("ModelArtsTrainExecution.SubmittingLocal", arg0);
    }

    /** {@code ModelArtsTrainExecution.SubmittingLocal}, localizable. */
    public static Localizable _ModelArtsTrainExecution_SubmittingLocal(Object arg0) {
        return new Localizable(holder, "ModelArtsTrainExecution.SubmittingLocal", arg0);
    }

    /** {@code ModelArtsTrainExecution.Stopping}. */
    public static String ModelArtsTrainExecution_Stopping(Object arg0) {
        return holder.format("ModelArtsTrainExecution.Stopping", arg0);
    }

    /** {@code ModelArtsTrainExecution.Stopping}, localizable. */
    public static Localizable _ModelArtsTrainExecution_Stopping(Object arg0) {
        return new Localizable(holder, "ModelArtsTrainExecution.Stopping", arg0);
    }

    /** {@code ModelArtsTrainExecution.Aborted}. */
    public static String ModelArtsTrainExecution_Aborted() {
        return holder.format("ModelArtsTrainExecution.Aborted");
    }

    /** {@code ModelArtsTrainExecution.Aborted}, localizable. */
    public static Localizable _ModelArtsTrainExecution_Aborted() {
        return new Localizable(holder, "ModelArtsTrainExecution.Aborted");
    }

    /** {@code ModelArtsTrainExecution.StopTimeout}. */
    public static String ModelArtsTrainExecution_StopTimeout(Object arg0, Object arg1) {
        return holder.format("ModelArtsTrainExecution.StopTimeout", arg0, arg1);
    }

    /** {@code ModelArtsTrainExecution.StopTimeout}, localizable. */
    public static Localizable _ModelArtsTrainExecution_StopTimeout(Object arg0, Object arg1) {
        return new Localizable(holder, "ModelArtsTrainExecution.StopTimeout", arg0, arg1);
    }

    /** {@code ModelArtsTrainExecution.Resuming}. */
    public static String ModelArtsTrainExecution_Resuming(Object arg0, Object arg1) {
        return holder.format("ModelArtsTrainExecution.Resuming", arg0, arg1);
    }

    /** {@code ModelArtsTrainExecution.Resuming}, localizable. */
    public static Localizable _ModelArtsTrainExecution_Resuming(Object arg0, Object arg1) {
        return new Localizable(holder, "ModelArtsTrainExecution.Resuming", arg0, arg1);
    }

    /** {@code ModelArtsTrainExecution.ResubmitAfterRestart}. */
    public static String ModelArtsTrainExecution_ResubmitAfterRestart() {
        return holder.format("ModelArtsTrainExecution.ResubmitAfterRestart");
    }

    /** {@code ModelArtsTrainExecution.ResubmitAfterRestart}, localizable. */
    public static Localizable _ModelArtsTrainExecution_ResubmitAfterRestart() {
        return new Localizable(holder, "ModelArtsTrainExecution.ResubmitAfterRestart");
    }

    /** {@code ModelArtsTrainExecution.LocalNotResumable}. */
    public static String ModelArtsTrainExecution_LocalNotResumable(Object arg0) {
        return holder.format("ModelArtsTrainExecution.LocalNotResumable", arg0);
    }

    /** {@code ModelArtsTrainExecution.LocalNotResumable}, localizable. */
    public static Localizable _ModelArtsTrainExecution_LocalNotResumable(Object arg0) {
        return new Localizable(holder, "ModelArtsTrainExecution.LocalNotResumable", arg0);
    }

    /** {@code ModelArtsTrainExecution.LocalNeedsWorkspace}. */
    public static String ModelArtsTrainExecution_LocalNeedsWorkspace() {
        return holder.format("ModelArtsTrainExecution.LocalNeedsWorkspace");
    }

    /** {@code ModelArtsTrainExecution.LocalNeedsWorkspace}, localizable. */
    public static Localizable _ModelArtsTrainExecution_LocalNeedsWorkspace() {
        return new Localizable(holder, "ModelArtsTrainExecution.LocalNeedsWorkspace");
    }

    /** {@code AgentStaging.NoObjectStore}. */
    public static String AgentStaging_NoObjectStore() {
        return holder.format("AgentStaging.NoObjectStore");
    }

    /** {@code AgentStaging.NoObjectStore}, localizable. */
    public static Localizable _AgentStaging_NoObjectStore() {
        return new Localizable(holder, "AgentStaging.NoObjectStore");
    }

    /** {@code ModelArtsTrainExecution.NoObjectStore}. */
    public static String ModelArtsTrainExecution_NoObjectStore() {
        return holder.format("ModelArtsTrainExecution.NoObjectStore");
    }

    /** {@code ModelArtsTrainExecution.NoObjectStore}, localizable. */
    public static Localizable _ModelArtsTrainExecution_NoObjectStore() {
        return new Localizable(holder, "ModelArtsTrainExecution.NoObjectStore");
    }

    /** {@code ModelArtsTrainExecution.WatchFailed}. */
    public static String ModelArtsTrainExecution_WatchFailed(Object arg0, Object arg1) {
        return holder.format("ModelArtsTrainExecution.WatchFailed", arg0, arg1);
    }

    /** {@code ModelArtsTrainExecution.WatchFailed}, localizable. */
    public static Localizable _ModelArtsTrainExecution_WatchFailed(Object arg0, Object arg1) {
        return new Localizable(holder, "ModelArtsTrainExecution.WatchFailed", arg0, arg1);
    }

    /** {@code ModelArtsTrainExecution.ArchiveFailed}. */
    public static String ModelArtsTrainExecution_ArchiveFailed(Object arg0) {
        return holder.format("ModelArtsTrainExecution.ArchiveFailed", arg0);
    }

    /** {@code ModelArtsTrainExecution.ArchiveFailed}, localizable. */
    public static Localizable _ModelArtsTrainExecution_ArchiveFailed(Object arg0) {
        return new Localizable(holder, "ModelArtsTrainExecution.ArchiveFailed", arg0);
    }

    /** {@code ModelArtsTrainExecution.Finished}. */
    public static String ModelArtsTrainExecution_Finished(Object arg0, Object arg1, Object arg2) {
        return holder.format("ModelArtsTrainExecution.Finished", arg0, arg1, arg2);
    }

    /** {@code ModelArtsTrainExecution.Finished}, localizable. */
    public static Localizable _ModelArtsTrainExecution_Finished(Object arg0, Object arg1, Object arg2) {
        return new Localizable(holder, "ModelArtsTrainExecution.Finished", arg0, arg1, arg2);
    }
}

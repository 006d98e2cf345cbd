// Says whether the subscription's Azure Machine Learning vCPU quota in a region leaves room for the
// compute cluster, from the answer of "Usages - List"
// (GET /subscriptions/<id>/providers/Microsoft.MachineLearningServices/locations/<region>/usages).
// Azure ML compute has a quota of its own, separate from the VM quota that `az vm list-usage` shows,
// per VM family and in total per region (docs/deploy.md cites the documentation).
//   az rest --url ".../usages?api-version=2024-10-01" | node scripts/ml-quota.mjs <family> <vCPUs per node> <region>
// Exit 0: room for at least one node (a warning when not for every node); 1: no room, with what to
// request; 2: the answer names no quota for the family.

const [family, vcpusText, region = 'the region'] = process.argv.slice(2);
const vcpus = Number(vcpusText);
if (!family || !(vcpus > 0)) {
  console.error('usage: ... | node scripts/ml-quota.mjs <VM family, e.g. standardDSv2Family> <vCPUs per node> [region]');
  process.exit(2);
}

const input = await new Promise((resolve, reject) => {
  let text = '';
  process.stdin.setEncoding('utf8').on('data', (chunk) => { text += chunk; }).on('end', () => resolve(text)).on('error', reject);
});
const rows = JSON.parse(input).value ?? [];

// Rows are named either by family key ("standardDSv2Family") or by display text ("Standard DSv2
// Family Cluster Dedicated vCPUs"): compare letters and digits only, and skip low-priority rows.
const key = (text) => String(text ?? '').toLowerCase().replace(/[^a-z0-9]/g, '');
const dedicated = (row) => !key(row.name?.value).includes('lowpriority');
const familyRow = rows.find((row) => dedicated(row) && key(row.name?.value).startsWith(key(family)));
const totalRow = rows.find((row) => key(row.name?.value) === 'totalclusterdedicatedregionalvcpus');

if (!familyRow) {
  console.error(`no Azure ML quota is listed for ${family} in ${region}: choose a VM size of another family (computeVmSize) or ask for quota in the workspace's Usage + quotas page`);
  process.exit(2);
}
const free = (row) => (row.limit < 0 ? Infinity : row.limit - row.currentValue);
const room = Math.min(free(familyRow), totalRow ? free(totalRow) : Infinity);
const nodes = Math.floor(room / vcpus);
const summary = `${family}: ${familyRow.currentValue} of ${familyRow.limit} vCPUs in use`
  + (totalRow ? `; all families: ${totalRow.currentValue} of ${totalRow.limit}` : '');
if (nodes < 1) {
  const needed = vcpus - Math.max(0, room);
  console.error(`not enough Azure ML vCPU quota in ${region} for one ${vcpus}-vCPU node (${summary}). `
    + `Request at least ${needed} more dedicated vCPUs of ${family} for Azure Machine Learning: Azure portal > `
    + 'the Azure ML workspace (or Quotas) > Usage + quotas > select the family > Request quota, '
    + 'or deploy with a VM size of a family that has quota (computeVmSize).');
  process.exit(1);
}
console.log(`Azure ML quota in ${region}: room for ${Number.isFinite(nodes) ? nodes : 'any number of'} node(s) of ${vcpus} vCPUs (${summary})`);
